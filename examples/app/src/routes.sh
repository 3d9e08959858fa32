# Routes of the example app. Sets status, type and body for a request path.
route() {
  type='application/json'
  case "$1" in
    /__version__)
      status='200 OK'
      body=$(cat /app/version.json)
      ;;
    /__lbheartbeat__)
      status='200 OK'
      body='{"status":"ok"}'
      ;;
    /__heartbeat__)
      # Backing check: every vendored dependency is present and intact.
      if (cd /app/vendor && sha256sum -c -s SHA256SUMS); then
        status='200 OK'
        body='{"status":"ok","checks":{"dependencies":"ok"},"details":{}}'
      else
        status='500 Internal Server Error'
        body='{"status":"error","checks":{"dependencies":"error"},"details":{"dependencies":"vendor checksum mismatch"}}'
      fi
      ;;
    /)
      status='200 OK'
      type='text/plain'
      body="hello from example-app $(cat /app/src/VERSION)"
      ;;
    *)
      status='404 Not Found'
      body='{"error":"not found"}'
      ;;
  esac
}
