export const id = 194;
export const ids = [194];
export const modules = {

/***/ 8194:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7264);
// EXTERNAL MODULE: ./src/lib/outputs.ts
var outputs = __webpack_require__(4377);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/image/reference.ts
var reference = __webpack_require__(6292);
// EXTERNAL MODULE: ./src/lib/gate/record.ts
var record = __webpack_require__(1570);
// EXTERNAL MODULE: ./src/lib/gate/registry.ts
var gate_registry = __webpack_require__(8948);
;// CONCATENATED MODULE: ./src/lib/gate/scan-record.ts




/** The gate record of a scan: the verdict, the policy it was judged by, and where it came from. */
function scanGateRecord(outcome, policy, env = process.env, now = new Date()) {
    return {
        subject: outcome.digest,
        passed: outcome.gate.passed,
        scanner: outcome.report.scanner,
        severityThreshold: policy.threshold,
        failOn: policy.failOn,
        counts: outcome.gate.counts.after,
        reasons: outcome.gate.reasons,
        scannedAt: now.toISOString(),
        producer: {
            repository: env.GITHUB_REPOSITORY,
            sha: env.GITHUB_SHA,
            runUrl: env.GITHUB_RUN_ID
                ? `${env.GITHUB_SERVER_URL ?? 'https://github.com'}/${env.GITHUB_REPOSITORY}/actions/runs/${env.GITHUB_RUN_ID}`
                : 'local'
        },
        // Always written, so a record without it is known to predate the mark (and is not trusted).
        selfReported: outcome.selfReported !== undefined,
        ...(outcome.selfReported ? { reportSha256: outcome.selfReported.sha256 } : {})
    };
}
/**
 * Stores the verdict next to the scanned digest (an OCI referrer), so promote can check it later.
 * Returns the record artifact's digest, or undefined when the image is not in a registry.
 */
async function recordScanVerdict(outcome, policy, registryOptions) {
    if (!outcome.digest)
        return undefined;
    const registry = (0,gate_registry/* gateRegistry */.X)((0,reference/* parseReference */.F2)(outcome.scanned), registryOptions);
    const manifest = await registry.getManifest(outcome.digest);
    if (!manifest)
        throw new errors/* UserError */.y(`record-gate: ${outcome.scanned} is not in the registry.`);
    return (0,record/* attachGateRecord */.Kt)(registry, { mediaType: manifest.mediaType, digest: outcome.digest, size: manifest.body.length }, scanGateRecord({ ...outcome, digest: outcome.digest }, policy));
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
// EXTERNAL MODULE: ./src/lib/dockerfile/parse.ts
var parse = __webpack_require__(6221);
// EXTERNAL MODULE: ./src/lib/registry/index.ts
var registry = __webpack_require__(6471);
// EXTERNAL MODULE: ./node_modules/yaml/dist/index.js
var dist = __webpack_require__(8815);
;// CONCATENATED MODULE: ./src/lib/scan/ignore.ts


const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;
/**
 * An ISO 8601 date (`2025-06-30`) or date-time (`2025-06-30T00:00:00.000Z`), checked field by field:
 * `Date` alone reads `2020-02-30` as 1 March and `last year` as NaN, and a NaN expiry would silently
 * never expire. Undefined when the text is not such a date.
 */
function parseExpiry(text) {
    const match = ISO_DATE.exec(text.trim());
    if (!match)
        return undefined;
    const [year, month, day, hour = 0, minute = 0, second = 0] = match
        .slice(1, 7)
        .map(part => (part === undefined ? undefined : Number(part)));
    const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth)
        return undefined;
    if (hour > 23 || minute > 59 || second > 59)
        return undefined;
    const date = new Date(text.trim());
    return Number.isNaN(date.getTime()) ? undefined : date;
}
/** Fails closed: a rule whose expiry cannot be read would otherwise apply forever. */
function checkedExpiry(value, id, source) {
    if (value === undefined || value === null)
        return undefined;
    const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : undefined;
    if (text === undefined || !parseExpiry(text)) {
        throw new errors/* UserError */.y(`${source}: the ignore rule for ${id} has expires ${JSON.stringify(value)}, which is not a date ` +
            '(write an ISO 8601 date such as 2025-06-30 or 2025-06-30T00:00:00.000Z). ' +
            'A rule whose expiry cannot be read is refused rather than applied forever.');
    }
    return text;
}
const isMapping = (value) => typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
const kindOf = (value) => Array.isArray(value) ? 'a list' : value === null ? 'null' : typeof value;
/**
 * Snyk's `.snyk` policy (`ignore: { <id>: [ { '<path>': { reason, expires } } ] }`), validated entry by
 * entry so a malformed file says where it is wrong instead of failing deep inside the gate.
 */
function parseSnykPolicy(content, source) {
    let policy;
    try {
        policy = (0,dist/* parse */.qg)(content) ?? {};
    }
    catch (error) {
        throw new errors/* UserError */.y(`${source} is not valid YAML: ${error.message}`);
    }
    const shape = "ignore: { <id>: [ { '<path>': { reason: …, expires: … } } ] }";
    if (!isMapping(policy))
        throw new errors/* UserError */.y(`${source} is not a .snyk policy (a mapping with ${shape}).`);
    const ignore = policy.ignore ?? {};
    if (!isMapping(ignore))
        throw new errors/* UserError */.y(`${source}: "ignore" must be a mapping (${shape}), got ${kindOf(ignore)}.`);
    const rules = [];
    for (const [id, entries] of Object.entries(ignore)) {
        if (entries === null)
            continue; // an id with no entries ignores nothing
        if (!Array.isArray(entries)) {
            throw new errors/* UserError */.y(`${source}: ignore.${id} must be a list of path entries (e.g. - '*': { reason: …, expires: … }), got ${kindOf(entries)}.`);
        }
        for (const entry of entries) {
            if (!isMapping(entry)) {
                throw new errors/* UserError */.y(`${source}: each entry of ignore.${id} must map a path to its details (e.g. '*': { reason: … }), got ${kindOf(entry)}.`);
            }
            for (const [path, details] of Object.entries(entry)) {
                if (details !== null && !isMapping(details)) {
                    throw new errors/* UserError */.y(`${source}: ignore.${id} path '${path}' must have details { reason, expires }, got ${kindOf(details)}.`);
                }
                const reason = details?.reason;
                if (reason !== undefined && reason !== null && typeof reason !== 'string') {
                    throw new errors/* UserError */.y(`${source}: ignore.${id} path '${path}': reason must be text.`);
                }
                rules.push({
                    id,
                    reason: reason ?? undefined,
                    expires: checkedExpiry(details?.expires, id, source),
                    path,
                    source
                });
            }
        }
    }
    return rules;
}
/**
 * Snyk's `.snyk` policy or Trivy's `.trivyignore` (one id per line, optional `exp:YYYY-MM-DD`, `#`
 * comments). Detected from content. An unreadable expiry or a malformed entry is an error.
 */
function parseIgnoreFile(content, source = 'ignore file') {
    const looksLikeSnyk = /^\s*(version|ignore|patch)\s*:/m.test(content);
    if (looksLikeSnyk)
        return parseSnykPolicy(content, source);
    return content
        .split(/\r?\n/)
        .map(line => line.replace(/#.*$/, '').trim())
        .filter(Boolean)
        .map(line => {
        const [id, ...rest] = line.split(/\s+/);
        const expires = rest.find(word => word.startsWith('exp:'))?.slice(4);
        return {
            id,
            expires: checkedExpiry(expires, id, source),
            path: '*',
            source
        };
    });
}
function isExpired(rule, now) {
    if (!rule.expires)
        return false;
    const when = parseExpiry(rule.expires);
    // Rules from parseIgnoreFile are already checked; one built elsewhere must not slip through either.
    if (!when)
        checkedExpiry(rule.expires, rule.id, rule.source);
    return when.getTime() < now.getTime();
}
function ruleMatches(rule, finding) {
    if (rule.id !== finding.id && !finding.aliases.includes(rule.id))
        return false;
    if (rule.path === '*' || rule.path === '')
        return true;
    // Snyk paths are `a > b > c` dependency chains; match by the package at their end.
    const last = rule.path
        .split('>')
        .at(-1)
        ?.trim()
        .replace(/@[^@]*$/, '');
    return last === finding.package || finding.introducedThrough.some(path => path.includes(rule.path));
}

;// CONCATENATED MODULE: ./src/lib/scan/model.ts
/** One finding model for every scanner (Snyk, Trivy, Grype, SARIF reports). */
const SEVERITIES = ['low', 'medium', 'high', 'critical'];
function severityRank(severity) {
    return SEVERITIES.indexOf(severity);
}
/** Normalizes a scanner's severity word; unknown/negligible ones count as low (never dropped). */
function toSeverity(value) {
    const word = String(value ?? '').toLowerCase();
    if (word === 'critical')
        return 'critical';
    if (word === 'high' || word === 'error')
        return 'high';
    if (word === 'medium' || word === 'moderate' || word === 'warning')
        return 'medium';
    return 'low';
}
/** CVSS v3 qualitative bands (as GitHub maps security-severity). */
function severityFromScore(score) {
    if (score >= 9)
        return 'critical';
    if (score >= 7)
        return 'high';
    if (score >= 4)
        return 'medium';
    return 'low';
}
/** Identity of a finding across paths and runs: the same vulnerability in the same package version. */
function findingKey(finding) {
    return `${finding.id}|${finding.package}|${finding.installedVersion}`;
}
/** Merges repeated findings (Snyk lists one per dependency path), keeping every path. */
function dedupe(findings) {
    const byKey = new Map();
    for (const finding of findings) {
        const key = findingKey(finding);
        const existing = byKey.get(key);
        if (!existing)
            byKey.set(key, { ...finding, introducedThrough: [...finding.introducedThrough] });
        else {
            for (const path of finding.introducedThrough)
                if (!existing.introducedThrough.includes(path))
                    existing.introducedThrough.push(path);
            existing.fixedVersions = [...new Set([...existing.fixedVersions, ...finding.fixedVersions])];
            existing.upgradable ||= finding.upgradable;
        }
    }
    return [...byKey.values()];
}
function countBySeverity(findings) {
    const counts = { low: 0, medium: 0, high: 0, critical: 0 };
    for (const finding of findings)
        counts[finding.severity]++;
    return counts;
}

;// CONCATENATED MODULE: ./src/lib/scan/policy.ts



/** `critical=0,high=5` (or one per line) -> limits per severity. */
function parseMaxFindings(text) {
    const limits = {};
    for (const part of text
        .split(/[\n,]/)
        .map(item => item.trim())
        .filter(Boolean)) {
        const match = /^(low|medium|high|critical)\s*[=:]\s*(\d+)$/i.exec(part);
        if (!match)
            throw new errors/* UserError */.y(`max-findings: "${part}" is not <severity>=<count> (e.g. critical=0,high=5).`);
        limits[match[1].toLowerCase()] = Number(match[2]);
    }
    return limits;
}
/** Applies one gate policy, whatever the scanner. */
function evaluateGate(findings, policy) {
    const now = policy.now ?? new Date();
    const expired = policy.ignores.filter(rule => isExpired(rule, now));
    const live = policy.ignores.filter(rule => !isExpired(rule, now));
    const ignored = [];
    const active = [];
    for (const finding of findings) {
        const rule = live.find(candidate => ruleMatches(candidate, finding));
        if (rule)
            ignored.push({ finding, rule });
        else
            active.push(finding);
    }
    const newFindings = policy.baseline
        ? active.filter(finding => !policy.baseline?.has(findingKey(finding)))
        : active;
    const eligible = newFindings.filter(finding => policy.failOn === 'all' || finding.upgradable);
    const reasons = [];
    const failing = [];
    for (const severity of [...SEVERITIES].reverse()) {
        const ofSeverity = eligible.filter(finding => finding.severity === severity);
        const limit = policy.maxFindings[severity] ??
            (severityRank(severity) >= severityRank(policy.threshold) ? 0 : Infinity);
        if (ofSeverity.length > limit) {
            failing.push(...ofSeverity);
            const qualifier = [policy.baseline ? 'new' : '', policy.failOn === 'upgradable' ? 'fixable' : '']
                .filter(Boolean)
                .join(' ');
            reasons.push(`${ofSeverity.length} ${qualifier ? `${qualifier} ` : ''}${severity} finding${ofSeverity.length === 1 ? '' : 's'} (allowed: ${limit})`);
        }
    }
    return {
        passed: reasons.length === 0,
        reasons,
        failing: failing.sort((a, b) => severityRank(b.severity) - severityRank(a.severity)),
        active,
        ignored,
        expired,
        newFindings,
        counts: { before: countBySeverity(findings), after: countBySeverity(active) }
    };
}

;// CONCATENATED MODULE: ./src/lib/scan/parsers.ts


const asArray = (value) => value == null ? [] : Array.isArray(value) ? value : [value];
const parsers_text = (value) => (value == null ? '' : String(value));
// ---- Snyk: `snyk container test --json` (one project, with applications[]; or an array of projects)
function snykFinding(vuln, project, baseImage) {
    const names = asArray(vuln.name ?? vuln.packageName);
    const paths = (Array.isArray(vuln.from?.[0]) ? vuln.from : [vuln.from ?? []]);
    const fixed = asArray(vuln.fixedIn).concat(vuln.nearestFixedInVersion ? [vuln.nearestFixedInVersion] : []);
    const osPackage = /^(deb|apk|rpm|linux|debian|ubuntu|alpine|centos|rhel)/.test(parsers_text(vuln.packageManager ?? project.packageManager));
    return {
        id: parsers_text(vuln.id),
        aliases: [...asArray(vuln.identifiers?.CVE), ...asArray(vuln.identifiers?.GHSA)],
        title: parsers_text(vuln.title),
        severity: toSeverity(vuln.severity),
        cvssScore: typeof vuln.cvssScore === 'number' ? vuln.cvssScore : undefined,
        package: parsers_text(vuln.packageName ?? names[0]),
        installedVersion: parsers_text(vuln.version),
        fixedVersions: [...new Set(fixed.map(parsers_text))],
        upgradable: Boolean(vuln.isUpgradable || vuln.isPatchable || fixed.length > 0),
        introducedThrough: paths.map(path => path.slice(1).join(' > ')).filter(Boolean),
        origin: vuln.dockerBaseImage || (osPackage && baseImage) ? 'base-image' : osPackage ? 'os' : 'application',
        url: vuln.id ? `https://security.snyk.io/vuln/${vuln.id}` : undefined
    };
}
function parseSnyk(json) {
    const projects = Array.isArray(json) ? json : [json, ...asArray(json.applications)];
    if (projects.some(project => project.error)) {
        throw new errors/* UserError */.y(`The Snyk report is an error report: ${projects.find(project => project.error).error}`);
    }
    const docker = projects.find(project => project.docker)?.docker ?? {};
    const baseImage = docker.baseImage ? parsers_text(docker.baseImage) : undefined;
    const findings = projects.flatMap(project => asArray(project.vulnerabilities).map(vuln => snykFinding(vuln, project, baseImage)));
    return {
        scanner: 'snyk',
        target: parsers_text(projects[0]?.path ?? projects[0]?.projectName) || undefined,
        findings: dedupe(findings),
        baseImage,
        remediation: asArray(docker.baseImageRemediation?.advice).map(advice => parsers_text(advice.message))
    };
}
// ---- Trivy: `trivy image --format json` (SchemaVersion 2)
function parseTrivy(json) {
    const findings = asArray(json.Results).flatMap(result => asArray(result.Vulnerabilities).map((vuln) => {
        const scores = Object.values(vuln.CVSS ?? {})
            .map((cvss) => cvss.V3Score ?? cvss.V2Score)
            .filter((score) => typeof score === 'number');
        const fixed = parsers_text(vuln.FixedVersion).split(/,\s*/).filter(Boolean);
        return {
            id: parsers_text(vuln.VulnerabilityID),
            aliases: [parsers_text(vuln.VulnerabilityID)].filter(id => id.startsWith('CVE-')),
            title: parsers_text(vuln.Title),
            severity: toSeverity(vuln.Severity),
            cvssScore: vuln.CVSS?.nvd?.V3Score ?? scores[0],
            package: parsers_text(vuln.PkgName),
            installedVersion: parsers_text(vuln.InstalledVersion),
            fixedVersions: fixed,
            upgradable: fixed.length > 0,
            introducedThrough: [parsers_text(result.Target)].filter(Boolean),
            origin: result.Class === 'os-pkgs' ? 'os' : result.Class === 'lang-pkgs' ? 'application' : 'unknown',
            layer: vuln.Layer?.DiffID ?? vuln.Layer?.Digest,
            url: vuln.PrimaryURL
        };
    }));
    return {
        scanner: 'trivy',
        target: parsers_text(json.ArtifactName) || undefined,
        findings: dedupe(findings),
        remediation: []
    };
}
// ---- Grype: `grype <image> -o json`
function parseGrype(json) {
    const findings = asArray(json.matches).map((match) => {
        const vuln = match.vulnerability ?? {};
        const artifact = match.artifact ?? {};
        const scores = asArray(vuln.cvss)
            .map(cvss => cvss.metrics?.baseScore)
            .filter((score) => typeof score === 'number');
        const fixed = asArray(vuln.fix?.versions);
        const aliases = [vuln.id, ...asArray(match.relatedVulnerabilities).map(related => related.id)]
            .map(parsers_text)
            .filter(id => /^(CVE|GHSA)-/.test(id));
        return {
            id: parsers_text(vuln.id),
            aliases: [...new Set(aliases)],
            title: parsers_text(vuln.description).split('\n')[0].slice(0, 200) || parsers_text(vuln.id),
            severity: toSeverity(vuln.severity),
            cvssScore: scores.length > 0 ? Math.max(...scores) : undefined,
            package: parsers_text(artifact.name),
            installedVersion: parsers_text(artifact.version),
            fixedVersions: fixed,
            upgradable: vuln.fix?.state === 'fixed' && fixed.length > 0,
            introducedThrough: asArray(artifact.locations).map(location => parsers_text(location.path)),
            origin: /^(deb|apk|rpm)$/.test(parsers_text(artifact.type)) ? 'os' : 'application',
            layer: asArray(artifact.locations)[0]?.layerID,
            url: asArray(vuln.urls)[0] ?? (parsers_text(vuln.dataSource) || undefined)
        };
    });
    const target = json.source?.target;
    return {
        scanner: 'grype',
        target: typeof target === 'string' ? target : parsers_text(target?.userInput) || undefined,
        findings: dedupe(findings),
        remediation: []
    };
}
// ---- SARIF 2.1.0 from any scanner (Snyk, Trivy and Grype all emit it)
function sarifSeverity(rule, result) {
    const tag = asArray(rule?.properties?.tags).find(word => /^(critical|high|medium|low)$/i.test(word));
    if (tag)
        return toSeverity(tag);
    const score = Number(rule?.properties?.['security-severity']);
    if (Number.isFinite(score) && score > 0)
        return severityFromScore(score);
    return toSeverity(result.level ?? rule?.defaultConfiguration?.level);
}
function parseSarif(json) {
    const findings = asArray(json.runs).flatMap(run => {
        const rules = new Map(asArray(run.tool?.driver?.rules).map(rule => [parsers_text(rule.id), rule]));
        return asArray(run.results).map((result) => {
            const rule = rules.get(parsers_text(result.ruleId)) ?? asArray(run.tool?.driver?.rules)[result.ruleIndex ?? -1];
            const message = parsers_text(result.message?.text);
            const field = (name) => new RegExp(`${name}: (.+)`).exec(message)?.[1]?.trim() ?? '';
            const uri = parsers_text(result.locations?.[0]?.physicalLocation?.artifactLocation?.uri);
            const score = Number(rule?.properties?.['security-severity']);
            const fixed = field('Fixed Version');
            return {
                id: parsers_text(result.ruleId),
                aliases: [parsers_text(result.ruleId)].filter(id => id.startsWith('CVE-')),
                title: parsers_text(rule?.shortDescription?.text ?? message.split('\n')[0]),
                severity: sarifSeverity(rule, result),
                cvssScore: Number.isFinite(score) ? score : undefined,
                package: field('Package') || uri,
                installedVersion: field('Installed Version'),
                fixedVersions: fixed ? [fixed] : [],
                upgradable: Boolean(fixed),
                introducedThrough: uri ? [uri] : [],
                origin: 'unknown',
                url: rule?.helpUri
            };
        });
    });
    return { scanner: 'sarif', target: undefined, findings: dedupe(findings), remediation: [] };
}
/** Which tool wrote a JSON report, from its shape. */
function detectFormat(json) {
    if (json && typeof json === 'object' && !Array.isArray(json)) {
        if (Array.isArray(json.runs) && /sarif/i.test(parsers_text(json.$schema ?? json.version)))
            return 'sarif';
        if ('SchemaVersion' in json && 'Results' in json)
            return 'trivy';
        if (Array.isArray(json.matches) && json.descriptor?.name === 'grype')
            return 'grype';
        if (Array.isArray(json.matches))
            return 'grype';
        if ('vulnerabilities' in json && ('ok' in json || 'packageManager' in json))
            return 'snyk';
    }
    if (Array.isArray(json) &&
        json.every(item => item && typeof item === 'object' && 'vulnerabilities' in item))
        return 'snyk';
    throw new errors/* UserError */.y('The report is not a Snyk (`snyk container test --json`), Trivy (`--format json`), Grype (`-o json`) or SARIF 2.1.0 report.');
}
function parseReport(content, expected) {
    let json;
    try {
        json = JSON.parse(content);
    }
    catch (error) {
        throw new errors/* UserError */.y(`The scan report is not JSON (${error.message}); the scanner's first output was: ${content.slice(0, 200)}`);
    }
    const format = expected ?? detectFormat(json);
    const parsers = {
        snyk: parseSnyk,
        trivy: parseTrivy,
        grype: parseGrype,
        sarif: parseSarif
    };
    return parsers[format](json);
}

;// CONCATENATED MODULE: ./src/lib/scan/sarif.ts


/** The numeric security-severity GitHub code scanning ranks by (CVSS when known, else the band's middle). */
function securitySeverity(finding) {
    if (finding.cvssScore !== undefined && finding.cvssScore > 0)
        return finding.cvssScore.toFixed(1);
    return { critical: '9.5', high: '8.0', medium: '5.5', low: '2.0' }[finding.severity];
}
const LEVEL = { critical: 'error', high: 'error', medium: 'warning', low: 'note' };
/**
 * SARIF 2.1.0 for GitHub code scanning: one rule per vulnerability id with help text and
 * security-severity, one result per finding with a stable partial fingerprint (id, package and
 * version, not line numbers) so alerts are deduplicated across runs.
 */
function toSarif(report, gate, location) {
    const rules = new Map();
    const results = gate.active.map(finding => {
        if (!rules.has(finding.id)) {
            const fixed = finding.fixedVersions.length > 0
                ? `Fixed in ${finding.fixedVersions.join(', ')}.`
                : 'No fix is available yet.';
            rules.set(finding.id, {
                id: finding.id,
                name: finding.id.replace(/[^A-Za-z0-9]/g, ''),
                shortDescription: {
                    text: `${finding.severity} severity: ${finding.title || finding.id}`.slice(0, 1000)
                },
                fullDescription: { text: `${finding.title || finding.id} in ${finding.package}` },
                helpUri: finding.url,
                help: {
                    text: `${finding.title || finding.id}\nPackage: ${finding.package} ${finding.installedVersion}\n${fixed}${finding.aliases.length ? `\nAliases: ${finding.aliases.join(', ')}` : ''}`,
                    markdown: `**${finding.title || finding.id}**\n\n| Package | Installed | Fixed in |\n| --- | --- | --- |\n| ${finding.package} | ${finding.installedVersion} | ${finding.fixedVersions.join(', ') || 'not fixed'} |\n${finding.url ? `\n[More information](${finding.url})` : ''}`
                },
                defaultConfiguration: { level: LEVEL[finding.severity] },
                properties: {
                    tags: ['security', 'vulnerability', 'container', finding.severity],
                    'security-severity': securitySeverity(finding),
                    precision: 'very-high'
                }
            });
        }
        const uri = location.dockerfile ?? location.image.replace(/[:@]/g, '_');
        const fingerprint = (0,external_node_crypto_.createHash)('sha256').update(findingKey(finding)).digest('hex');
        return {
            ruleId: finding.id,
            level: LEVEL[finding.severity],
            message: {
                text: `${finding.package} ${finding.installedVersion} has ${finding.id} (${finding.severity})${finding.fixedVersions.length ? `; fixed in ${finding.fixedVersions.join(', ')}` : ''}, in ${location.image}${finding.introducedThrough[0] ? ` via ${finding.introducedThrough[0]}` : ''}.`
            },
            locations: [
                {
                    physicalLocation: {
                        artifactLocation: { uri },
                        region: { startLine: location.dockerfile ? (location.fromLine ?? 1) : 1 }
                    }
                }
            ],
            partialFingerprints: { 'dockerActionsFinding/v1': fingerprint }
        };
    });
    return {
        $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
        version: '2.1.0',
        runs: [
            {
                tool: {
                    driver: {
                        name: 'docker-actions scan-image',
                        fullName: `docker-actions scan-image (${report.scanner})`,
                        informationUri: 'https://github.com/acme/docker-actions',
                        version: '1.0.0',
                        rules: [...rules.values()]
                    }
                },
                results
            }
        ]
    };
}

// EXTERNAL MODULE: ./src/lib/exec.ts
var exec = __webpack_require__(766);
;// CONCATENATED MODULE: ./src/lib/scan/scanner.ts


/** The scanner command for an image (by digest), as an argument array. */
function scannerCommand(scanner, image, dockerfile) {
    switch (scanner) {
        case 'snyk':
            return {
                command: 'snyk',
                args: ['container', 'test', image, '--json', ...(dockerfile ? [`--file=${dockerfile}`] : [])]
            };
        case 'trivy':
            return { command: 'trivy', args: ['image', '--format', 'json', '--quiet', image] };
        case 'grype':
            return { command: 'grype', args: [image, '-o', 'json'] };
    }
}
/** The environment variable holding the API token each scanner needs (none for the local scanners). */
const SCANNER_TOKEN_ENV = {
    snyk: 'SNYK_TOKEN',
    trivy: undefined,
    grype: undefined
};
const INSTALL = {
    snyk: 'install the Snyk CLI (npm install -g snyk, or snyk/actions/setup)',
    trivy: 'install Trivy (aquasecurity/setup-trivy)',
    grype: 'install Grype (anchore/scan-action/download-grype)'
};
/**
 * Runs a scanner and returns its JSON. Exit codes are read as each tool defines them: Snyk 0 (no
 * issues) and 1 (issues found) are results; 2 (failure) and 3 (no supported projects) fail the step
 * with the scanner's own message. Trivy and Grype exit 0 with findings (no --exit-code/--fail-on).
 */
async function runScanner(scanner, image, dockerfile) {
    if (SCANNER_TOKEN_ENV[scanner] && !process.env[SCANNER_TOKEN_ENV[scanner]]) {
        throw new errors/* UserError */.y('scanner: snyk needs SNYK_TOKEN in the environment (a Snyk API token, from a repository secret).');
    }
    const { command, args } = scannerCommand(scanner, image, dockerfile);
    let result;
    try {
        result = await (0,exec/* runCommand */.d)(command, args, { silent: true });
    }
    catch (error) {
        throw new errors/* UserError */.y(`The ${scanner} CLI could not be started (${error.message}): ${INSTALL[scanner]}, or use scanner: report with an existing report.`);
    }
    const ok = scanner === 'snyk' ? result.exitCode === 0 || result.exitCode === 1 : result.exitCode === 0;
    if (!ok) {
        const meaning = scanner === 'snyk'
            ? { 2: 'the scan failed', 3: 'no supported projects were found in the image' }[result.exitCode]
            : undefined;
        let message = (0,exec/* tail */.R)(result.stderr || result.stdout, 6);
        try {
            const parsed = JSON.parse(result.stdout);
            message = parsed.error ?? parsed.message ?? message;
        }
        catch {
            // not JSON: keep the output
        }
        throw new errors/* UserError */.y(`${scanner} exited with ${result.exitCode}${meaning ? ` (${meaning})` : ''}: ${message}`);
    }
    return result.stdout;
}

;// CONCATENATED MODULE: ./src/lib/scan/scan-and-gate.ts













const LOCAL_IMAGE_ID = /^sha256:[a-f0-9]{64}$/;
/** Pins a tag to its digest, so the scan is of exactly the bytes that will be promoted. */
async function pinDigest(image, options) {
    if (LOCAL_IMAGE_ID.test(image))
        return { scanned: image }; // built, not pushed: the engine's image ID
    const ref = (0,reference/* parseReference */.F2)(image);
    if (ref.digest)
        return { scanned: image, digest: ref.digest };
    try {
        const digest = await (0,registry/* resolveDigest */.j)(image, options.registry);
        return { scanned: (0,reference/* withDigest */.hQ)(ref, digest), digest };
    }
    catch (error) {
        options.log?.(`could not resolve ${image} to a digest (${(0,errors/* errorMessage */.g)(error)}); scanning it by name`);
        return { scanned: image };
    }
}
async function obtainReport(scanner, image, reportFile, dockerfile) {
    if (scanner === 'report') {
        if (!reportFile)
            throw new errors/* UserError */.y('scanner: report needs report-file: the path of a Snyk, Trivy, Grype or SARIF JSON report.');
        let content;
        try {
            content = (0,external_node_fs_.readFileSync)(reportFile);
        }
        catch (error) {
            throw new errors/* UserError */.y(`report-file ${reportFile} cannot be read: ${(0,errors/* errorMessage */.g)(error)}`);
        }
        // The hash of the very bytes the verdict was computed from, so a record can name its report.
        const sha256 = `sha256:${(0,external_node_crypto_.createHash)('sha256').update(content).digest('hex')}`;
        return { report: parseReport(content.toString('utf8')), sha256 };
    }
    return { report: parseReport(await runScanner(scanner, image, dockerfile), scanner) };
}
/** Scans an image (or reads a report), applies the gate policy, and writes the normalized report and SARIF. */
async function scanAndGate(options) {
    if (!LOCAL_IMAGE_ID.test(options.image))
        (0,reference/* parseReference */.F2)(options.image);
    const { scanned, digest } = await pinDigest(options.image, options);
    options.log?.(`scanning ${scanned} with ${options.scanner}`);
    const { report, sha256: reportSha256 } = await obtainReport(options.scanner, scanned, options.reportFile, options.dockerfile);
    const selfReported = reportSha256 && options.reportFile ? { reportFile: options.reportFile, sha256: reportSha256 } : undefined;
    let baseline;
    if (options.baselineReportFile || options.baselineImage) {
        const { report: baselineReport } = options.baselineReportFile
            ? await obtainReport('report', '', options.baselineReportFile)
            : await obtainReport(options.scanner === 'report' ? 'report' : options.scanner, (await pinDigest(options.baselineImage, options)).scanned, undefined);
        baseline = new Set(baselineReport.findings.map(findingKey));
        options.log?.(`baseline: ${baseline.size} known findings`);
    }
    let ignores = [];
    if (options.ignoreFile) {
        let content;
        try {
            content = (0,external_node_fs_.readFileSync)(options.ignoreFile, 'utf8');
        }
        catch (error) {
            throw new errors/* UserError */.y(`ignore-file ${options.ignoreFile} cannot be read: ${(0,errors/* errorMessage */.g)(error)}`);
        }
        ignores = parseIgnoreFile(content, options.ignoreFile);
    }
    const gate = evaluateGate(report.findings, { ...options.policy, ignores, baseline });
    let fromLine;
    if (options.dockerfile) {
        try {
            fromLine = (0,parse/* finalBase */.Ys)((0,parse/* parseDockerfile */.Ai)((0,external_node_fs_.readFileSync)(options.dockerfile, 'utf8')))?.line;
        }
        catch {
            fromLine = undefined; // no readable Dockerfile: results point at the image instead
        }
    }
    (0,external_node_fs_.mkdirSync)(options.outputDir, { recursive: true });
    const reportPath = (0,external_node_path_.join)(options.outputDir, 'scan-report.json');
    const sarifPath = (0,external_node_path_.join)(options.outputDir, 'scan-results.sarif');
    const brief = (finding) => ({
        id: finding.id,
        package: finding.package,
        severity: finding.severity
    });
    (0,external_node_fs_.writeFileSync)(reportPath, JSON.stringify({
        image: scanned,
        digest,
        scanner: report.scanner,
        selfReported: selfReported ?? false,
        passed: gate.passed,
        reasons: gate.reasons,
        policy: {
            ...options.policy,
            ignoreFile: options.ignoreFile,
            baseline: options.baselineImage ?? options.baselineReportFile
        },
        counts: gate.counts,
        baseImage: report.baseImage,
        remediation: report.remediation,
        findings: gate.active,
        failing: gate.failing.map(brief),
        newFindings: gate.newFindings.map(brief),
        ignored: gate.ignored.map(({ finding, rule }) => ({
            ...brief(finding),
            reason: rule.reason,
            expires: rule.expires
        })),
        expiredIgnores: gate.expired
    }, null, 2));
    (0,external_node_fs_.writeFileSync)(sarifPath, JSON.stringify(toSarif(report, gate, { dockerfile: options.dockerfile, fromLine, image: scanned }), null, 2));
    return {
        scanned,
        digest,
        report,
        selfReported,
        gate,
        reportPath,
        sarifPath,
        dockerfile: options.dockerfile,
        fromLine
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
// EXTERNAL MODULE: ./src/lib/git/context.ts
var context = __webpack_require__(4607);
// EXTERNAL MODULE: ./src/lib/inputs.ts
var inputs = __webpack_require__(1662);
;// CONCATENATED MODULE: ./src/lib/scan/fork-policy.ts

/**
 * The fork policy: GitHub gives pull requests from forks no secrets, so a scanner that needs an API
 * token cannot run there. Such a run is reported as "gate not run" (never as passed); a fork's image
 * is never pushed or published, so nothing ungated can leave the run. Everywhere else a missing token
 * stays an error. Returns why the gate is not run, or undefined when it must run.
 */
function gateSkipReason(input) {
    if (input.scanner === 'report')
        return undefined;
    const variable = SCANNER_TOKEN_ENV[input.scanner];
    if (!variable || input.env[variable] || !input.isForkPullRequest)
        return undefined;
    return (`scanner: ${input.scanner} needs ${variable}, and pull requests from forks get no secrets, so the ` +
        'vulnerability gate was not run. The image of a fork pull request is never pushed or published; the ' +
        'gate runs when the change is built in this repository (e.g. after merging). Use scanner: trivy or ' +
        'grype to scan fork pull requests too.');
}

;// CONCATENATED MODULE: ./src/actions/scan-image/context.ts











/** Whether this run is a pull request from a fork (the event payload says; unreadable = no). */
function isForkPullRequest(env) {
    try {
        return (0,context/* buildContextFromGitHub */.XH)(github/* context */._, env).pullRequest?.isFork ?? false;
    }
    catch {
        // No usable event (e.g. a local run): not a fork, so a missing token stays an error.
        return false;
    }
}
function getInputs(env = process.env) {
    // The token reaches the scanner through the environment (the root action passes snyk-token there):
    // mask it before anything can print it.
    for (const variable of Object.values(SCANNER_TOKEN_ENV))
        if (variable && env[variable])
            core/* setSecret */.Pq(env[variable]);
    const image = (0,inputs/* getOptional */.xX)('image');
    if (!image)
        throw new errors/* UserError */.y('Input "image" is required: the image to scan, e.g. ghcr.io/acme/app@sha256:… (a tag is pinned to its digest).');
    let dockerfile = (0,inputs/* getOptional */.xX)('file');
    if (!dockerfile && (0,external_node_fs_.existsSync)('Dockerfile'))
        dockerfile = 'Dockerfile';
    const scanner = (0,inputs/* getChoice */.m)('scanner', ['snyk', 'trivy', 'grype', 'report'], 'snyk');
    return {
        scan: {
            image,
            scanner,
            reportFile: (0,inputs/* getOptional */.xX)('report-file'),
            dockerfile,
            policy: {
                threshold: (0,inputs/* getChoice */.m)('severity-threshold', SEVERITIES, 'high'),
                failOn: (0,inputs/* getChoice */.m)('fail-on', ['all', 'upgradable'], 'all'),
                maxFindings: parseMaxFindings(core/* getInput */.V4('max-findings'))
            },
            ignoreFile: (0,inputs/* getOptional */.xX)('ignore-file'),
            baselineImage: (0,inputs/* getOptional */.xX)('baseline-image'),
            baselineReportFile: (0,inputs/* getOptional */.xX)('baseline-report-file'),
            outputDir: (0,inputs/* getOptional */.xX)('output-dir') ?? (0,external_node_path_.join)(env.RUNNER_TEMP ?? '.', 'docker-actions-scan')
        },
        recordGate: (0,inputs/* getBoolean */.pW)('record-gate', false),
        skipReason: gateSkipReason({ scanner, env, isForkPullRequest: isForkPullRequest(env) })
    };
}

// EXTERNAL MODULE: ./src/lib/summary.ts
var summary = __webpack_require__(1119);
;// CONCATENATED MODULE: ./src/actions/scan-image/summary.ts



const MAX_ROWS = 50;
async function writeScanSummary(outcome, threshold) {
    const { gate, report } = outcome;
    core/* summary */.z.addHeading(`scan-image: ${gate.passed ? '✅ passed' : '❌ failed'}`, 3);
    core/* summary */.z.addRaw(`<p>${(0,summary/* code */.aY)(outcome.scanned)} scanned with ${report.scanner}, threshold <b>${threshold}</b>. ` +
        (gate.passed ? 'No finding breaks the gate.' : `Failed: ${(0,summary/* escapeHtml */.ZD)(gate.reasons.join('; '))}.`) +
        '</p>', true);
    core/* summary */.z.addTable([
        [
            { data: 'Severity', header: true },
            { data: 'Found', header: true },
            { data: 'After ignores', header: true }
        ],
        ...[...SEVERITIES]
            .reverse()
            .map(severity => [severity, String(gate.counts.before[severity]), String(gate.counts.after[severity])])
    ]);
    if (gate.failing.length > 0) {
        core/* summary */.z.addHeading('Findings that fail the gate', 4);
        core/* summary */.z.addTable([
            ['Package', 'Installed', 'Fixed in', 'Severity', 'ID'].map(data => ({ data, header: true })),
            ...gate.failing
                .slice(0, MAX_ROWS)
                .map(finding => [
                (0,summary/* code */.aY)(finding.package),
                (0,summary/* code */.aY)(finding.installedVersion),
                finding.fixedVersions.length ? (0,summary/* code */.aY)(finding.fixedVersions.join(', ')) : 'no fix',
                finding.severity,
                finding.url
                    ? `<a href="${(0,summary/* escapeHtml */.ZD)(finding.url)}">${(0,summary/* escapeHtml */.ZD)(finding.id)}</a>`
                    : (0,summary/* escapeHtml */.ZD)(finding.id)
            ])
        ]);
        if (gate.failing.length > MAX_ROWS)
            core/* summary */.z.addRaw(`<p>…and ${gate.failing.length - MAX_ROWS} more (see the report).</p>`, true);
    }
    if (report.remediation.length > 0) {
        core/* summary */.z.addHeading(`Base image${report.baseImage ? ` ${(0,summary/* escapeHtml */.ZD)(report.baseImage)}` : ''}`, 4);
        core/* summary */.z.addList(report.remediation.map(summary/* escapeHtml */.ZD));
    }
    if (gate.ignored.length > 0) {
        core/* summary */.z.addDetails(`Ignored (${gate.ignored.length})`, gate.ignored
            .map(({ finding, rule }) => `${(0,summary/* escapeHtml */.ZD)(finding.id)} in ${(0,summary/* escapeHtml */.ZD)(finding.package)}: ${(0,summary/* escapeHtml */.ZD)(rule.reason ?? 'no reason given')}${rule.expires ? ` (until ${(0,summary/* escapeHtml */.ZD)(rule.expires)})` : ''}`)
            .join('<br>'));
    }
    if (gate.expired.length > 0) {
        core/* summary */.z.addRaw(`<p>⚠️ Expired ignores no longer apply: ${gate.expired.map(rule => `${(0,summary/* escapeHtml */.ZD)(rule.id)} (expired ${(0,summary/* escapeHtml */.ZD)(rule.expires ?? '')}, ${(0,summary/* escapeHtml */.ZD)(rule.source)})`).join(', ')}</p>`, true);
    }
    await (0,summary/* writeSummary */.Sy)();
}
/** The summary of a run whose gate was not run by policy (a fork pull request without the token). */
async function writeSkippedSummary(image, reason) {
    core/* summary */.z.addHeading('scan-image: ⏭️ gate not run', 3);
    core/* summary */.z.addRaw(`<p>${(0,summary/* code */.aY)(image)} was not scanned: ${(0,summary/* escapeHtml */.ZD)(reason)}</p>`, true);
    await (0,summary/* writeSummary */.Sy)();
}
/** Annotations on the Dockerfile's FROM line for findings that come from the base image. */
function annotateBaseImage(outcome) {
    if (!outcome.dockerfile || !outcome.fromLine)
        return;
    const fromBase = outcome.gate.active.filter(finding => finding.origin === 'base-image' || finding.origin === 'os');
    if (fromBase.length === 0)
        return;
    const failing = fromBase.filter(finding => outcome.gate.failing.includes(finding)).length;
    const advice = outcome.report.remediation.join(' ');
    const message = `${fromBase.length} ${fromBase.length === 1 ? 'vulnerability comes' : 'vulnerabilities come'} from the base image${outcome.report.baseImage ? ` ${outcome.report.baseImage}` : ''}${failing ? ` (${failing} fail the gate)` : ''}.${advice ? ` ${advice}` : ' Update the base image and rebuild.'}`;
    const properties = {
        file: outcome.dockerfile,
        startLine: outcome.fromLine,
        title: 'Base image vulnerabilities'
    };
    if (failing > 0)
        core/* error */.z3(message, properties);
    else
        core/* warning */.$e(message, properties);
}

;// CONCATENATED MODULE: ./src/actions/scan-image/main.ts







/** scan-image: scan by digest -> gate -> report (outputs, summary, SARIF) -> fail the step if the gate failed. */
async function main() {
    const inputs = getInputs();
    if (inputs.skipReason) {
        // Not run is not passed: `passed` says `skipped`, and no gate record is written for promote to trust.
        core/* notice */.lm(inputs.skipReason, { title: 'Vulnerability gate not run' });
        (0,outputs/* setOutputs */.n)({ passed: 'skipped', 'skipped-reason': inputs.skipReason });
        await writeSkippedSummary(inputs.scan.image, inputs.skipReason);
        return;
    }
    const outcome = await core/* group */.Os('Scan', () => scanAndGate({ ...inputs.scan, log: message => core/* info */.pq(message) }));
    const { gate } = outcome;
    core/* info */.pq(`${outcome.report.findings.length} findings, ${gate.ignored.length} ignored, ${gate.failing.length} failing the gate`);
    for (const rule of gate.expired)
        core/* warning */.$e(`ignore rule for ${rule.id} in ${rule.source} expired on ${rule.expires}; it no longer applies`);
    annotateBaseImage(outcome);
    (0,outputs/* setOutputs */.n)({
        passed: gate.passed,
        counts: gate.counts,
        // One compact JSON array (setOutputs would join a list into lines of `[object Object]`).
        'new-findings': JSON.stringify(gate.newFindings.map(finding => ({
            id: finding.id,
            package: finding.package,
            severity: finding.severity
        }))),
        report: outcome.reportPath,
        sarif: outcome.sarifPath,
        digest: outcome.digest ?? ''
    });
    await writeScanSummary(outcome, inputs.scan.policy.threshold);
    if (inputs.recordGate) {
        try {
            const record = await recordScanVerdict(outcome, inputs.scan.policy);
            if (record)
                core/* info */.pq(`gate record ${record} attached to ${outcome.scanned}${outcome.selfReported ? ` (self-reported: computed from ${outcome.selfReported.reportFile}, ${outcome.selfReported.sha256})` : ''}`);
            else
                core/* warning */.$e('record-gate: the image is not in a registry (no digest), so no gate record was written.');
        }
        catch (error) {
            core/* warning */.$e(`The gate record could not be written (promote with require-gate will refuse this image): ${(0,errors/* errorMessage */.g)(error)}`);
        }
    }
    if (!gate.passed) {
        throw new errors/* UserError */.y(`Vulnerability gate failed for ${outcome.scanned}: ${gate.reasons.join('; ')} (threshold ${inputs.scan.policy.threshold}).`);
    }
}


/***/ }),

/***/ 6221:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ai: () => (/* binding */ parseDockerfile),
/* harmony export */   Ys: () => (/* binding */ finalBase),
/* harmony export */   hL: () => (/* binding */ stageNames)
/* harmony export */ });
/* unused harmony exports substitute, targetStage */
function instructions(text) {
    const result = [];
    const lines = text.split(/\r?\n/);
    let escape = '\\';
    let pending;
    for (const [index, raw] of lines.entries()) {
        const directive = /^#\s*escape\s*=\s*(\S)/i.exec(raw);
        if (directive && result.length === 0 && !pending)
            escape = directive[1];
        const trimmed = raw.trim();
        if (trimmed.startsWith('#') || (trimmed === '' && !pending))
            continue;
        const continued = trimmed.endsWith(escape);
        const body = continued ? trimmed.slice(0, -1) : trimmed;
        if (pending)
            pending.args += ` ${body}`;
        else {
            const match = /^(\S+)\s*(.*)$/.exec(body);
            pending = { keyword: match[1].toUpperCase(), args: match[2], line: index + 1 };
        }
        if (!continued) {
            result.push({ ...pending, args: pending.args.trim() });
            pending = undefined;
        }
    }
    if (pending)
        result.push({ ...pending, args: pending.args.trim() });
    return result;
}
/** `$VAR`, `${VAR}`, `${VAR:-default}` and `${VAR:+alt}` with the given values. */
function substitute(text, values) {
    return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, braced, op, word, bare) => {
        const value = values.get(braced ?? bare);
        if (op === '-')
            return value ? value : word;
        if (op === '+')
            return value ? word : '';
        return value ?? '';
    });
}
function unquote(value) {
    return /^(['"]).*\1$/.test(value) ? value.slice(1, -1) : value;
}
/** Parses a Dockerfile; build args given to the build override the ARG defaults. */
function parseDockerfile(text, buildArgs = new Map()) {
    const args = new Map();
    const stages = [];
    for (const instruction of instructions(text)) {
        if (instruction.keyword === 'ARG' && stages.length === 0) {
            for (const part of instruction.args.split(/\s+/)) {
                const eq = part.indexOf('=');
                const name = eq < 0 ? part : part.slice(0, eq);
                args.set(name, buildArgs.get(name) ?? (eq < 0 ? undefined : unquote(part.slice(eq + 1))));
            }
        }
        else if (instruction.keyword === 'FROM') {
            const words = instruction.args.split(/\s+/).filter(word => !word.startsWith('--'));
            const from = substitute(words[0] ?? '', args);
            const name = words[1]?.toUpperCase() === 'AS' ? words[2]?.toLowerCase() : undefined;
            stages.push({ name, from, line: instruction.line, index: stages.length });
        }
    }
    return { stages, args };
}
function stageNames(dockerfile) {
    return dockerfile.stages.flatMap(stage => (stage.name ? [stage.name] : []));
}
/** The stage a build of `target` ends in (the last stage when no target is given). */
function targetStage(dockerfile, target) {
    if (!target)
        return dockerfile.stages.at(-1);
    return dockerfile.stages.find(stage => stage.name === target.toLowerCase());
}
/**
 * The external image a target is built on: follows `FROM <earlier stage>` chains to the first FROM
 * that names an image. Undefined for `scratch`.
 */
function finalBase(dockerfile, target) {
    let stage = targetStage(dockerfile, target);
    const seen = new Set();
    while (stage && !seen.has(stage.index)) {
        seen.add(stage.index);
        const from = stage.from.toLowerCase();
        const earlier = dockerfile.stages.find(candidate => candidate.index < stage.index &&
            (candidate.name === from || String(candidate.index) === from));
        if (!earlier)
            return from === 'scratch' ? undefined : { image: stage.from, line: stage.line };
        stage = earlier;
    }
    return undefined;
}


/***/ }),

/***/ 766:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   R: () => (/* binding */ tail),
/* harmony export */   d: () => (/* binding */ runCommand)
/* harmony export */ });
/* harmony import */ var _actions_exec__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(2876);

/**
 * Runs a program with an argument array: never through a shell, so no value from inputs or
 * events is ever interpreted. Never throws on a non-zero exit; callers decide what it means.
 */
async function runCommand(tool, args, options = {}) {
    const buffers = { stdout: '', stderr: '' };
    const listeners = options.onLine
        ? {
            stdline: (line) => options.onLine?.(line, 'stdout'),
            errline: (line) => options.onLine?.(line, 'stderr')
        }
        : undefined;
    const result = await _actions_exec__WEBPACK_IMPORTED_MODULE_0__/* .getExecOutput */ .H(tool, args, {
        ignoreReturnCode: true,
        silent: options.silent ?? false,
        env: options.env ? { ...process.env, ...options.env } : undefined,
        cwd: options.cwd,
        input: options.input,
        listeners
    });
    buffers.stdout = result.stdout;
    buffers.stderr = result.stderr;
    return { exitCode: result.exitCode, ...buffers };
}
/** The last lines of a program's output, for error messages that show the real cause. */
function tail(text, lines = 15) {
    return text.trimEnd().split('\n').slice(-lines).join('\n');
}


/***/ }),

/***/ 1570:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kt: () => (/* binding */ attachGateRecord),
/* harmony export */   Vp: () => (/* binding */ copyGateRecords),
/* harmony export */   qO: () => (/* binding */ isSelfReported),
/* harmony export */   xR: () => (/* binding */ requirePassedGate)
/* harmony export */ });
/* unused harmony exports GATE_ARTIFACT_TYPE, OCI_MANIFEST, OCI_INDEX, sha256, referrersTag, gateArtifact, parseGateRecord, findGateRecords, decidingRecord */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
/* harmony import */ var _registry_limits_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(9671);



/**
 * How the gate verdict travels with the image. A label cannot be added after the scan without
 * changing the digest, so the verdict is stored in the registry next to the image as an OCI artifact
 * whose `subject` is the image's digest (OCI distribution 1.1 "referrers"). Registries with the
 * referrers API index it themselves; for the others (e.g. distribution 2.8) the spec's fallback is
 * used: an image index under the tag `sha256-<hex>` that lists the referrers.
 */
const GATE_ARTIFACT_TYPE = 'application/vnd.docker-actions.gate.v1+json';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const EMPTY_CONFIG = {
    mediaType: 'application/vnd.oci.empty.v1+json',
    digest: 'sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a',
    size: 2,
    data: 'e30='
};
const PASSED_ANNOTATION = 'io.github.docker-actions.gate.passed';
/** Whether a record's verdict came from a supplied report rather than a scanner run (unknown = yes). */
const isSelfReported = (record) => record.selfReported !== false;
const sha256 = (data) => `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex')}`;
/** The fallback tag that lists a digest's referrers (`sha256:abc…` -> `sha256-abc…`). */
function referrersTag(digest) {
    return digest.replace(':', '-').slice(0, 128);
}
function gateArtifact(record, subject) {
    const blob = Buffer.from(JSON.stringify(record, null, 2));
    const manifest = {
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        artifactType: GATE_ARTIFACT_TYPE,
        config: EMPTY_CONFIG,
        layers: [{ mediaType: GATE_ARTIFACT_TYPE, digest: sha256(blob), size: blob.length }],
        subject: { mediaType: subject.mediaType, digest: subject.digest, size: subject.size },
        annotations: {
            'org.opencontainers.image.created': record.scannedAt,
            [PASSED_ANNOTATION]: String(record.passed)
        }
    };
    return { manifest: Buffer.from(JSON.stringify(manifest)), blob };
}
/** Adds a descriptor to the fallback referrers index (read-modify-write; idempotent). */
async function addToReferrersIndex(registry, subject, entry) {
    const tag = referrersTag(subject);
    const existing = await registry.getManifest(tag);
    const index = existing
        ? (0,_registry_limits_js__WEBPACK_IMPORTED_MODULE_2__/* .parseRegistryJson */ .HV)(existing.body, `The referrers index ${tag}`)
        : { manifests: [] };
    const manifests = (index.manifests ?? []).filter(descriptor => descriptor.digest !== entry.digest);
    manifests.push(entry);
    const body = Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests }));
    await registry.putManifest(tag, body, OCI_INDEX);
}
/** Stores a gate record for `subject` in the registry; returns the artifact's digest. */
async function attachGateRecord(registry, subject, record) {
    const { manifest, blob } = gateArtifact(record, subject);
    await registry.putBlob(Buffer.from('{}'));
    await registry.putBlob(blob);
    const digest = sha256(manifest);
    const put = await registry.putManifest(digest, manifest, OCI_MANIFEST);
    // A registry that answers OCI-Subject indexes referrers itself; otherwise maintain the fallback tag.
    if (!put.subjectHeader) {
        await addToReferrersIndex(registry, subject.digest, {
            mediaType: OCI_MANIFEST,
            digest,
            size: manifest.length,
            artifactType: GATE_ARTIFACT_TYPE,
            annotations: { [PASSED_ANNOTATION]: String(record.passed) }
        });
    }
    return digest;
}
async function gateDescriptors(registry, subject) {
    const fromApi = await registry.getReferrers(subject);
    let descriptors = fromApi;
    if (!descriptors) {
        const index = await registry.getManifest(referrersTag(subject));
        descriptors = index
            ? ((0,_registry_limits_js__WEBPACK_IMPORTED_MODULE_2__/* .parseRegistryJson */ .HV)(index.body, `The referrers index of ${subject}`)
                .manifests ?? [])
            : [];
    }
    return descriptors.filter(descriptor => descriptor.artifactType === GATE_ARTIFACT_TYPE);
}
/**
 * A record blob, checked field by field. A record that cannot be read is an error, not skipped: a
 * failing verdict must never be dropped because its blob is odd.
 */
function parseGateRecord(blob, where) {
    let value;
    try {
        value = JSON.parse(blob.toString('utf8'));
    }
    catch {
        value = undefined;
    }
    const record = value;
    const valid = typeof record === 'object' &&
        record !== null &&
        typeof record.subject === 'string' &&
        typeof record.passed === 'boolean' &&
        typeof record.scanner === 'string' &&
        typeof record.severityThreshold === 'string' &&
        typeof record.scannedAt === 'string' &&
        Array.isArray(record.reasons) &&
        record.reasons.every(reason => typeof reason === 'string') &&
        (record.selfReported === undefined || typeof record.selfReported === 'boolean') &&
        (record.reportSha256 === undefined || typeof record.reportSha256 === 'string');
    if (!valid)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`The gate record ${where} is not a valid record, so the gate cannot be judged.`);
    return record;
}
/**
 * Every gate record stored for `subject`, in registry order: the order of the fallback index, which is
 * only ever appended to, or the order the referrers API lists them in. Each is verified against its
 * manifest. The records' own `scannedAt` is not used: it is whatever the writer claimed, and a record
 * dated 9999 must not outrank a failure written after it.
 */
async function findGateRecords(registry, subject) {
    const records = [];
    for (const descriptor of await gateDescriptors(registry, subject)) {
        const manifest = await registry.getManifest(descriptor.digest);
        if (!manifest)
            continue;
        const parsed = (0,_registry_limits_js__WEBPACK_IMPORTED_MODULE_2__/* .parseRegistryJson */ .HV)(manifest.body, `Gate record ${descriptor.digest}`);
        // The record must be about this very digest, and its blob must hash to what the manifest says.
        if (parsed.subject?.digest !== subject || !parsed.layers?.[0])
            continue;
        const blob = await registry.getBlob(parsed.layers[0].digest);
        if (sha256(blob) !== parsed.layers[0].digest)
            continue;
        const record = parseGateRecord(blob, `${registry.name}@${descriptor.digest}`);
        if (record.subject === subject)
            records.push(record);
    }
    return records;
}
/**
 * The record that decides: the last one in registry order among the records that count. A failing
 * record always counts (whoever wrote it); a passing self-reported one only when allowed.
 */
function decidingRecord(records, requirement = {}) {
    return records
        .filter(record => !record.passed || requirement.allowSelfReported || !isSelfReported(record))
        .at(-1);
}
/**
 * The promotion guard: the deciding gate record for the digest must say passed. Throws a UserError that
 * says what is missing and how to produce it.
 */
async function requirePassedGate(registry, subject, requirement = {}) {
    const records = await findGateRecords(registry, subject);
    if (records.length === 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${registry.name}@${subject} has no vulnerability gate record, so it is not promoted. Build it with the ` +
            'pipeline (scan-image with record-gate: true writes the record), or set require-gate: false to promote ungated images.');
    }
    const decisive = decidingRecord(records, requirement);
    if (!decisive) {
        const report = records.find(record => record.reportSha256)?.reportSha256;
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${registry.name}@${subject} has only self-reported gate records (computed from a report file given to ` +
            `scan-image with scanner: report${report ? `, sha256 ${report}` : ''}, not from a scanner run on this digest), ` +
            'so it is not promoted. Scan it with snyk, trivy or grype, or set allow-self-reported: true to trust the report.');
    }
    if (!decisive.passed) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${registry.name}@${subject} failed its vulnerability gate (${decisive.scanner}, threshold ${decisive.severityThreshold}, ` +
            `${decisive.scannedAt}): ${decisive.reasons.join('; ') || 'see the scan summary'}. It is not promoted.`);
    }
    return decisive;
}
/**
 * Copies an image's gate records to another repository (after a promotion), in their order, so the
 * next stage can check them and reaches the same verdict.
 */
async function copyGateRecords(source, target, subject) {
    const records = await findGateRecords(source, subject.digest);
    const existing = (await findGateRecords(target, subject.digest)).map(record => JSON.stringify(record));
    let copied = 0;
    for (const record of records) {
        if (existing.includes(JSON.stringify(record)))
            continue;
        await attachGateRecord(target, subject, record);
        existing.push(JSON.stringify(record));
        copied++;
    }
    // The target may already have held some of them in another order: attaching the source's last
    // record again appends it last (the fallback index moves an entry it already lists to the end).
    const last = records.at(-1);
    if (last && existing.at(-1) !== JSON.stringify(last))
        await attachGateRecord(target, subject, last);
    return copied;
}


/***/ }),

/***/ 8948:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   X: () => (/* binding */ gateRegistry)
/* harmony export */ });
/* harmony import */ var _registry_index_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6471);

/** The gate's view of one repository, over the OCI distribution client. */
function gateRegistry(ref, options) {
    const client = (0,_registry_index_js__WEBPACK_IMPORTED_MODULE_0__/* .clientFor */ .$V)(ref.registry, options);
    return {
        name: `${ref.registry}/${ref.repository}`,
        getManifest: reference => client.getManifest(ref.repository, reference),
        putManifest: (reference, body, mediaType) => client.putManifest(ref.repository, reference, body, mediaType),
        getBlob: digest => client.getBlob(ref.repository, digest),
        putBlob: data => client.putBlob(ref.repository, data),
        getReferrers: async (digest) => (await client.getReferrers(ref.repository, digest))
    };
}


/***/ }),

/***/ 4607:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Ek: () => (/* binding */ repositoryUrl),
/* harmony export */   Vp: () => (/* binding */ runUrl),
/* harmony export */   XH: () => (/* binding */ buildContextFromGitHub)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);

const FULL_SHA = /^[0-9a-f]{40}$/;
function stripRef(ref, prefix) {
    return ref.startsWith(prefix) ? ref.slice(prefix.length) : undefined;
}
/**
 * Builds the BuildContext from the runner's context and event payload. Overrides come from
 * action inputs and win over what the event says.
 */
function buildContextFromGitHub(github, env, overrides = {}) {
    const payload = github.payload ?? {};
    const repo = payload.repository;
    const repository = env.GITHUB_REPOSITORY || repo?.full_name || '';
    const pr = payload.pull_request;
    const ref = github.ref || '';
    let pullRequest;
    if (pr && typeof pr.number === 'number') {
        const headRepo = pr.head?.repo?.full_name;
        const baseRepo = pr.base?.repo?.full_name ?? repository;
        pullRequest = {
            number: pr.number,
            headRef: pr.head?.ref || env.GITHUB_HEAD_REF || '',
            baseRef: pr.base?.ref || env.GITHUB_BASE_REF || '',
            headSha: pr.head?.sha || github.sha,
            // A deleted fork has head.repo null: still a fork as far as trust goes.
            isFork: pr.head?.repo === null || (headRepo !== undefined && headRepo !== baseRepo)
        };
    }
    const gitTag = pullRequest ? undefined : stripRef(ref, 'refs/tags/');
    const branch = overrides.branch ||
        pullRequest?.headRef ||
        stripRef(ref, 'refs/heads/') ||
        (gitTag === undefined && ref !== '' && !ref.startsWith('refs/') ? ref : undefined);
    const eventSha = (pullRequest?.headSha || github.sha || '').toLowerCase();
    const sha = (overrides.sha || eventSha).toLowerCase();
    if (!FULL_SHA.test(sha)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`The commit SHA "${sha}" is not a full 40-character SHA. Run this action in a GitHub workflow ` +
            '(GITHUB_SHA is set by the runner) or pass the "sha" input.');
    }
    const defaultBranch = overrides.defaultBranch || repo?.default_branch || repo?.master_branch || 'main';
    if (!gitTag && !branch) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`Cannot tell which branch "${ref}" is. Pass the "branch" input, or run on a branch, tag or pull request event.`);
    }
    return {
        eventName: github.eventName || 'push',
        ref,
        sha,
        branch,
        gitTag,
        defaultBranch,
        pullRequest,
        repository,
        serverUrl: (github.serverUrl || 'https://github.com').replace(/\/+$/, ''),
        runId: Number.isFinite(github.runId) ? github.runId : undefined,
        runNumber: Number.isFinite(github.runNumber) ? github.runNumber : undefined,
        rebuild: Boolean(overrides.sha) && eventSha !== '' && sha !== eventSha
    };
}
function repositoryUrl(ctx) {
    return ctx.repository ? `${ctx.serverUrl}/${ctx.repository}` : undefined;
}
function runUrl(ctx) {
    const repo = repositoryUrl(ctx);
    return repo && ctx.runId !== undefined ? `${repo}/actions/runs/${ctx.runId}` : undefined;
}


/***/ })

};
