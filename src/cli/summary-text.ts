/** A terminal rendering of the job-summary HTML/Markdown the actions write (tables become aligned text). */
export function summaryToText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, ', ')
    .replace(/<\/t[hd]>/gi, ' | ')
    .replace(/<tr[^>]*>/gi, '  | ')
    .replace(/<\/tr>/gi, '\n')
    .replace(/<h\d[^>]*>/gi, '\n## ')
    .replace(/<\/h\d>/gi, '\n')
    .replace(/<li[^>]*>/gi, '  - ')
    .replace(/<\/(li|p|div|details|summary)>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}
