export const id = 613;
export const ids = [613];
export const modules = {

/***/ 432:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   z: () => (/* binding */ formatBytes)
/* harmony export */ });
/* unused harmony export formatSeconds */
/** Human-readable sizes for logs and summaries. */
function formatBytes(bytes) {
    if (bytes >= 1024 * 1024 * 1024)
        return `${(bytes / 1024 / 1024 / 1024).toFixed(2)} GiB`;
    if (bytes >= 1024 * 1024)
        return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
    if (bytes >= 1024)
        return `${(bytes / 1024).toFixed(1)} KiB`;
    return `${bytes} B`;
}
function formatSeconds(ms) {
    return ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
}


/***/ }),

/***/ 4377:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ setOutputs)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7264);

/** Sets outputs from a record; lists become newline-separated, objects become JSON. */
function setOutputs(outputs) {
    for (const [name, value] of Object.entries(outputs)) {
        if (value === undefined)
            continue;
        if (Array.isArray(value))
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, value.join('\n'));
        else if (typeof value === 'object')
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, JSON.stringify(value));
        else
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH(name, String(value));
    }
}


/***/ }),

/***/ 6201:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  V: () => (/* binding */ INDEX_TYPES),
  dY: () => (/* binding */ MANIFEST_ACCEPT),
  bP: () => (/* binding */ RegistryClient)
});

// UNUSED EXPORTS: DEFAULT_RETRY, MEDIA_TYPES, RegistryError, digestOf, parseChallenge

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/image/reference.ts
var image_reference = __webpack_require__(6292);
// EXTERNAL MODULE: ./src/lib/untrusted-text.ts
var untrusted_text = __webpack_require__(8865);
// EXTERNAL MODULE: ./src/lib/registry/credentials.ts
var credentials = __webpack_require__(397);
// EXTERNAL MODULE: ./src/lib/registry/limits.ts
var limits = __webpack_require__(9671);
;// CONCATENATED MODULE: ./src/lib/registry/trust.ts
/**
 * Where a registry client may send what: its credentials go to the registry's own origin and to a
 * token realm it is allowed to name, never anywhere a response points at. Pure functions, so every
 * case is unit-tested without a network.
 */



/** Is `registry` (host[:port]) spoken to over plain HTTP: loopback, or listed as insecure. */
function isPlainHttpRegistry(registry, insecureRegistries = []) {
    return (0,image_reference/* isLoopbackRegistry */.jW)(registry) || insecureRegistries.includes(registry);
}
/** The host part of a `host[:port]` registry name (`[::1]` kept in brackets, like URL.hostname). */
function hostOf(registry) {
    return registry.startsWith('[')
        ? registry.slice(0, registry.indexOf(']') + 1)
        : registry.replace(/:\d+$/, '');
}
/** Only the origin of a URL a registry sent, printable (no path or query: they may carry upload state). */
const shown = (url) => (0,untrusted_text/* untrustedText */.U)(url.origin, 200);
/**
 * The URL an upload `Location` stands for, resolved against the registry's base URL. It may be another
 * origin (the client then sends it no credentials), but never a downgrade from https to http and
 * never a scheme other than http(s).
 */
function resolveUploadLocation(baseUrl, location, registry) {
    let url;
    try {
        url = new URL(location, baseUrl);
    }
    catch {
        throw new errors/* UserError */.y(`${registry} answered an upload with a Location that is not a URL ("${(0,untrusted_text/* untrustedText */.U)(location, 200)}"); refusing it.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
        throw new errors/* UserError */.y(`${registry} answered an upload with a ${(0,untrusted_text/* untrustedText */.U)(url.protocol, 20)} Location; only http(s) is followed.`);
    if (new URL(baseUrl).protocol === 'https:' && url.protocol === 'http:')
        throw new errors/* UserError */.y(`${registry} (https) sent its upload to ${shown(url)} over plain HTTP; refusing the downgrade (the blob and any credential would travel unencrypted).`);
    return url;
}
/**
 * May the credential for `registry` be sent to the token `realm` it named in a Bearer challenge?
 * - an https realm: yes, on any host (Docker Hub's is auth.docker.io; GHCR's is ghcr.io);
 * - an http realm: only when the registry itself speaks plain HTTP (loopback, or listed in
 *   `insecureRegistries`) and the realm's host is loopback, the registry's own host (any port), or
 *   listed in `insecureRegistries` itself, so a credential sent in clear stays where the user
 *   already accepted plain HTTP;
 * - anything else (another scheme, not a URL): no.
 * Returns the realm URL, or throws a UserError saying why not and what to change.
 */
function checkTokenRealm(registry, realm, insecureRegistries = []) {
    let url;
    try {
        url = new URL(realm);
    }
    catch {
        throw new errors/* UserError */.y(`${registry} named a token realm that is not an absolute URL ("${(0,untrusted_text/* untrustedText */.U)(realm, 200)}"); refusing to send it credentials.`);
    }
    if (url.protocol === 'https:')
        return url;
    if (url.protocol !== 'http:')
        throw new errors/* UserError */.y(`${registry} named a token realm with scheme ${(0,untrusted_text/* untrustedText */.U)(url.protocol, 20)}; only https (or http for insecure registries) is used.`);
    if (!isPlainHttpRegistry(registry, insecureRegistries))
        throw new errors/* UserError */.y(`${registry} named a plain-HTTP token realm (${shown(url)}); refusing to send credentials unencrypted. Only loopback registries and those listed in insecure-registries may use an http realm.`);
    const realmAllowed = (0,image_reference/* isLoopbackRegistry */.jW)(url.host) ||
        url.hostname === hostOf(registry) ||
        insecureRegistries.includes(url.host) ||
        insecureRegistries.includes(url.hostname);
    if (!realmAllowed)
        throw new errors/* UserError */.y(`${registry} named a plain-HTTP token realm on another host (${shown(url)}); refusing to send credentials there unencrypted. List ${(0,untrusted_text/* untrustedText */.U)(url.host, 100)} in insecure-registries if it is yours.`);
    return url;
}

;// CONCATENATED MODULE: ./src/lib/registry/client.ts







/** Manifest media types we ask for (OCI and Docker v2, single images and indexes). */
const MEDIA_TYPES = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
};
const MANIFEST_ACCEPT = Object.values(MEDIA_TYPES).join(', ');
const INDEX_TYPES = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList];
const DEFAULT_RETRY = { attempts: 5, baseDelayMs: 250, maxElapsedMs: 60_000 };
class RegistryError extends Error {
    status;
    code;
    constructor(message, status, code) {
        super(message);
        this.status = status;
        this.code = code;
        this.name = 'RegistryError';
    }
}
const sleep = (ms) => new Promise(resolve => setTimeout(resolve, ms));
const digestOf = (data) => `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
/** `key=value` pairs of a WWW-Authenticate challenge (quoted values may contain commas). */
function parseChallenge(header) {
    const space = header.indexOf(' ');
    const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
    const params = {};
    for (const match of header.slice(space + 1).matchAll(/([a-zA-Z_]+)="([^"]*)"|([a-zA-Z_]+)=([^,\s]*)/g)) {
        params[(match[1] ?? match[3]).toLowerCase()] = match[2] ?? match[4];
    }
    return { scheme, params };
}
/** Registry error text shown in a message: one neutralised line (see untrustedText). */
const ERROR_DETAIL_CHARS = 300;
/**
 * Digests and references reach the client from manifests a registry sent (index children, layers):
 * anything that is not one is refused before it becomes part of a URL or a message.
 */
function checkDigest(digest) {
    if (!(0,image_reference/* isValidDigest */.fH)(digest))
        throw new limits/* InvalidResponseError */.tF(`"${(0,untrusted_text/* untrustedText */.U)(digest, 100)}" is not a digest (sha256:<64 hex>).`);
    return digest;
}
function checkReference(reference) {
    if (!(0,image_reference/* isValidDigest */.fH)(reference) && !(0,image_reference/* isValidTag */.r_)(reference))
        throw new limits/* InvalidResponseError */.tF(`"${(0,untrusted_text/* untrustedText */.U)(reference, 100)}" is neither a tag nor a digest.`);
    return reference;
}
/** Statuses worth another try; a stream body is never replayed (uploadBlob restarts instead). */
function isRetryable(status) {
    return status === 429 || (status >= 500 && status !== 501 && status !== 505);
}
/**
 * A client of one registry's OCI distribution API: token (Bearer) and Basic auth, anonymous pulls,
 * bounded retries with back-off on 429/5xx and dropped connections, streamed blob transfer.
 * Credentials go only to the registry's own origin and to a token realm checkTokenRealm allows;
 * everything read into memory is capped (limits.ts); registry text in errors is neutralised.
 */
class RegistryClient {
    registry;
    options;
    baseUrl;
    /** scheme://host:port of the registry: the only origin requests carry its credentials to. */
    origin;
    maxResponseBytes;
    credential;
    tokens = new Map();
    basic = false;
    retry;
    /** Bytes this client has sent as blob content (for summaries and the benchmarks). */
    bytesUploaded = 0;
    constructor(registry, options = {}) {
        this.registry = registry;
        this.options = options;
        const plain = isPlainHttpRegistry(registry, options.insecureRegistries);
        const host = registry === image_reference/* DOCKER_HUB */.Xb ? 'registry-1.docker.io' : registry;
        this.baseUrl = `${plain ? 'http' : 'https'}://${host}`;
        this.origin = new URL(this.baseUrl).origin;
        this.maxResponseBytes = options.maxResponseBytes ?? limits/* DEFAULT_MAX_RESPONSE_BYTES */.fe;
        this.credential = (options.credentials ?? (0,credentials/* loadDockerConfigCredentials */.tz)()).get(registry);
        this.retry = options.retry ?? DEFAULT_RETRY;
    }
    authorization(scopes) {
        const token = this.tokens.get(scopes.join(' '));
        if (token)
            return `Bearer ${token}`;
        if (this.basic && this.credential?.username) {
            return `Basic ${Buffer.from(`${this.credential.username}:${this.credential.password ?? ''}`).toString('base64')}`;
        }
        return undefined;
    }
    /** Answers a challenge: Basic switches to credentials; Bearer fetches a token for the scopes. */
    async authenticate(challenge, scopes) {
        const { scheme, params } = parseChallenge(challenge);
        if (scheme === 'basic') {
            if (!this.credential?.username) {
                throw new RegistryError(`${this.registry} requires a login (Basic auth) and no credentials were given for it: pass them to the action or run docker login ${this.registry}.`, 401);
            }
            this.basic = true;
            return;
        }
        if (scheme !== 'bearer' || !params.realm) {
            throw new RegistryError(`${this.registry} sent an authentication challenge this client does not support: ${(0,untrusted_text/* untrustedText */.U)(scheme, 50)}`, 401);
        }
        // Before anything is sent: the realm is named by the registry, so it must earn the credential.
        const url = checkTokenRealm(this.registry, params.realm, this.options.insecureRegistries);
        const headers = {};
        let response;
        if (this.credential?.identityToken) {
            const form = new URLSearchParams({
                grant_type: 'refresh_token',
                refresh_token: this.credential.identityToken,
                service: params.service ?? '',
                scope: scopes.join(' '),
                client_id: 'docker-actions'
            });
            // No redirects: a 307 would resend the refresh token in the body to wherever it points.
            response = await fetch(url, { method: 'POST', body: form, redirect: 'error' });
        }
        else {
            if (params.service)
                url.searchParams.set('service', params.service);
            for (const scope of scopes)
                url.searchParams.append('scope', scope);
            if (this.credential?.username) {
                headers.authorization = `Basic ${Buffer.from(`${this.credential.username}:${this.credential.password ?? ''}`).toString('base64')}`;
            }
            // fetch drops the Authorization header on a redirect to another origin.
            response = await fetch(url, { headers });
        }
        if (!response.ok) {
            const text = (0,untrusted_text/* untrustedText */.U)(await (0,limits/* readBodyStart */.jM)(response), 200);
            throw new RegistryError(`${this.registry}: the token service refused ${this.credential ? 'the credentials' : 'an anonymous request'} for ${scopes.join(' ')} (HTTP ${response.status}${text ? `: ${text}` : ''}).`, response.status);
        }
        const what = `${this.registry}: the token service's answer`;
        const body = (0,limits/* parseRegistryJson */.HV)(await (0,limits/* readBody */.x8)(response, this.maxResponseBytes, what), what);
        const token = body?.token ?? body?.access_token;
        if (!token)
            throw new RegistryError(`${this.registry}: the token service answered without a token.`, 502);
        // It becomes a header value: anything but visible ASCII would be a malformed (or smuggled) header.
        if (typeof token !== 'string' || !/^[\x21-\x7e]+$/.test(token))
            throw new limits/* InvalidResponseError */.tF(`${this.registry}: the token service answered with a malformed token.`);
        this.tokens.set(scopes.join(' '), token);
    }
    /**
     * One request with auth and retries. `path` is relative to the base URL, or an absolute upload URL
     * (checked again like a Location: no https -> http downgrade). Credentials are attached only when
     * the URL is on the registry's own origin.
     */
    async request(method, path, options) {
        const url = /^https?:\/\//i.test(path)
            ? resolveUploadLocation(this.baseUrl, path, this.registry).href
            : `${this.baseUrl}${path}`;
        const ownOrigin = new URL(url).origin === this.origin;
        const started = Date.now();
        let authenticated = false;
        for (let attempt = 1;; attempt++) {
            const headers = { ...options.headers };
            const authorization = ownOrigin ? this.authorization(options.scopes) : undefined;
            if (authorization)
                headers.authorization = authorization;
            const body = options.body;
            const streamed = body instanceof ReadableStream;
            let response;
            let failure;
            try {
                response = await fetch(url, {
                    method,
                    headers,
                    body,
                    redirect: options.redirect ?? 'follow',
                    ...(streamed ? { duplex: 'half' } : {})
                });
            }
            catch (error) {
                failure = error;
                if (streamed)
                    await body.cancel().catch(() => undefined);
            }
            if (response?.status === 401 && !ownOrigin) {
                // Another origin does not get to pick a realm for this registry's credential.
                await response.body?.cancel();
                throw new RegistryError(`${this.registry}: ${method} to ${(0,untrusted_text/* untrustedText */.U)(new URL(url).origin, 200)} (not the registry's origin) was refused (401); credentials are only sent to ${this.origin}.`, 401);
            }
            if (response?.status === 401 && !authenticated) {
                const challenge = response.headers.get('www-authenticate');
                await response.body?.cancel();
                if (!challenge)
                    throw new RegistryError(`${this.registry}: ${method} ${path} was refused (401) without a challenge.`, 401);
                await this.authenticate(challenge, options.scopes);
                authenticated = true;
                attempt--;
                continue;
            }
            const retryable = failure !== undefined || (response !== undefined && isRetryable(response.status));
            const elapsed = Date.now() - started;
            const replayable = !streamed;
            if (retryable && replayable && attempt < this.retry.attempts && elapsed < this.retry.maxElapsedMs) {
                const retryAfter = Number(response?.headers.get('retry-after'));
                const delay = Number.isFinite(retryAfter) && retryAfter > 0
                    ? retryAfter * 1000
                    : this.retry.baseDelayMs * 2 ** (attempt - 1);
                this.options.log?.(`${this.registry}: ${method} ${path.replace(/\?.*$/, '')} ${failure ? `failed (${failure.message})` : `answered ${response?.status}`}; retry ${attempt}/${this.retry.attempts - 1} in ${delay} ms`);
                await response?.body?.cancel();
                await sleep(Math.min(delay, 10_000));
                continue;
            }
            if (!response || (!replayable && retryable)) {
                if (response)
                    throw await this.error(response, method, path);
                const cause = failure;
                throw new RegistryError(`${this.registry} is unreachable at ${this.baseUrl} (${cause.cause?.message ?? cause.message}).`, 0);
            }
            if (response.ok || (options.ok ?? []).includes(response.status))
                return response;
            throw await this.error(response, method, path);
        }
    }
    /** The registry's error for a failed request; its body is read only in part and neutralised. */
    async error(response, method, path) {
        const text = await (0,limits/* readBodyStart */.jM)(response);
        let detail = text;
        let code;
        try {
            const parsed = JSON.parse(text);
            if (Array.isArray(parsed.errors) && parsed.errors.length) {
                code =
                    typeof parsed.errors[0].code === 'string' ? (0,untrusted_text/* untrustedText */.U)(parsed.errors[0].code, 100) : undefined;
                detail = parsed.errors.map(error => `${String(error?.code)}: ${String(error?.message)}`).join('; ');
            }
        }
        catch {
            // not JSON: keep the text
        }
        detail = (0,untrusted_text/* untrustedText */.U)(detail, ERROR_DETAIL_CHARS);
        return new RegistryError(`${this.registry}: ${method} ${(0,untrusted_text/* untrustedText */.U)(path.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, ''), 200)} failed with HTTP ${response.status}${detail ? ` (${detail})` : ''}`, response.status, code);
    }
    static pull = (repository) => `repository:${repository}:pull`;
    static push = (repository) => `repository:${repository}:pull,push`;
    async getManifest(repository, reference) {
        checkReference(reference);
        const response = await this.request('GET', `/v2/${repository}/manifests/${reference}`, {
            headers: { accept: MANIFEST_ACCEPT },
            scopes: [RegistryClient.pull(repository)],
            ok: [404]
        });
        if (response.status === 404) {
            await response.body?.cancel();
            return undefined;
        }
        const what = `${this.registry}/${repository}: the manifest ${(0,untrusted_text/* untrustedText */.U)(reference, 80)}`;
        const body = await (0,limits/* readBody */.x8)(response, this.maxResponseBytes, what);
        const digest = digestOf(body);
        if (reference.startsWith('sha256:') && digest !== reference) {
            throw new RegistryError(`${this.registry}/${repository}@${reference}: the registry sent content with digest ${digest}.`, 502);
        }
        const declared = () => {
            const type = (0,limits/* parseRegistryJson */.HV)(body, what)?.mediaType;
            return typeof type === 'string' ? type : '';
        };
        const mediaType = response.headers.get('content-type')?.split(';')[0] ?? declared();
        return { body, mediaType, digest };
    }
    /** The digest a tag points at now (HEAD; GET when the registry omits Docker-Content-Digest or garbles it). */
    async headManifest(repository, reference) {
        checkReference(reference);
        const response = await this.request('HEAD', `/v2/${repository}/manifests/${reference}`, {
            headers: { accept: MANIFEST_ACCEPT },
            scopes: [RegistryClient.pull(repository)],
            ok: [404]
        });
        if (response.status === 404)
            return undefined;
        const digest = response.headers.get('docker-content-digest');
        if (!digest || !(0,image_reference/* isValidDigest */.fH)(digest)) {
            const manifest = await this.getManifest(repository, reference);
            return (manifest && { digest: manifest.digest, mediaType: manifest.mediaType, size: manifest.body.length });
        }
        return {
            digest,
            mediaType: response.headers.get('content-type')?.split(';')[0] ?? '',
            size: Number(response.headers.get('content-length') ?? 0)
        };
    }
    async putManifest(repository, reference, body, mediaType) {
        checkReference(reference);
        const response = await this.request('PUT', `/v2/${repository}/manifests/${reference}`, {
            headers: { 'content-type': mediaType },
            body,
            scopes: [RegistryClient.push(repository)]
        });
        await response.body?.cancel();
        return {
            digest: response.headers.get('docker-content-digest') ?? digestOf(body),
            subjectHeader: response.headers.has('oci-subject')
        };
    }
    async hasBlob(repository, digest) {
        checkDigest(digest);
        const response = await this.request('HEAD', `/v2/${repository}/blobs/${digest}`, {
            scopes: [RegistryClient.pull(repository)],
            ok: [404]
        });
        return response.status !== 404;
    }
    /** A small blob (image config, gate record) read into memory, capped; layers go through openBlob. */
    async getBlob(repository, digest) {
        checkDigest(digest);
        const response = await this.request('GET', `/v2/${repository}/blobs/${digest}`, {
            scopes: [RegistryClient.pull(repository)]
        });
        const data = await (0,limits/* readBody */.x8)(response, this.maxResponseBytes, `${this.registry}/${repository}: the blob ${digest}`);
        if (digestOf(data) !== digest)
            throw new RegistryError(`${this.registry}/${repository}: blob ${digest} arrived corrupted.`, 502);
        return data;
    }
    /**
     * The blob's content as a web stream (not buffered), for copying between registries: it goes
     * straight into the target's PUT, with no node-stream conversion in between.
     */
    async openBlob(repository, digest) {
        checkDigest(digest);
        const response = await this.request('GET', `/v2/${repository}/blobs/${digest}`, {
            scopes: [RegistryClient.pull(repository)]
        });
        if (!response.body)
            throw new RegistryError(`${this.registry}/${repository}: blob ${digest} has no body.`, 502);
        return response.body;
    }
    async startUpload(repository, query = '', extraScopes = []) {
        return this.request('POST', `/v2/${repository}/blobs/uploads/${query}`, {
            scopes: [RegistryClient.push(repository), ...extraScopes],
            ok: [201, 202]
        });
    }
    uploadUrl(response) {
        const location = response.headers.get('location');
        if (!location)
            throw new RegistryError(`${this.registry}: the upload was accepted without a Location.`, 502);
        return resolveUploadLocation(this.baseUrl, location, this.registry);
    }
    /** Cross-repository mount; true when the registry linked the blob (201), false when it did not (202). */
    async mountBlob(repository, digest, from) {
        checkDigest(digest);
        const query = `?mount=${encodeURIComponent(digest)}&from=${encodeURIComponent(from)}`;
        const response = await this.startUpload(repository, query, [RegistryClient.pull(from)]);
        await response.body?.cancel();
        if (response.status === 201)
            return true;
        // 202: an upload session was opened instead; close it so it does not linger.
        await this.request('DELETE', this.uploadUrl(response).toString(), {
            scopes: [RegistryClient.push(repository)],
            ok: [404, 405]
        }).then(r => r.body?.cancel(), () => undefined);
        return false;
    }
    /** Monolithic upload of an in-memory blob (skipped when present); returns its digest. */
    async putBlob(repository, data) {
        const digest = digestOf(data);
        if (await this.hasBlob(repository, digest))
            return digest;
        await this.uploadBlob(repository, digest, data.length, async () => new Blob([data]).stream());
        return digest;
    }
    /**
     * Uploads a blob from a stream (opened again for every attempt), in one PUT with Content-Length, so
     * nothing is staged on disk; the registry verifies the digest. A failed attempt abandons its upload
     * session and starts a new one: a half-sent session is never reused.
     */
    async uploadBlob(repository, digest, size, open) {
        checkDigest(digest);
        const started = Date.now();
        for (let attempt = 1;; attempt++) {
            const session = await this.startUpload(repository);
            await session.body?.cancel();
            const url = this.uploadUrl(session);
            url.searchParams.set('digest', digest);
            let sent = 0;
            try {
                const counted = (await open()).pipeThrough(new TransformStream({
                    transform(chunk, controller) {
                        sent += chunk.byteLength;
                        controller.enqueue(chunk);
                    }
                }));
                const response = await this.request('PUT', url.toString(), {
                    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
                    body: counted,
                    scopes: [RegistryClient.push(repository)]
                });
                await response.body?.cancel();
                this.bytesUploaded += sent;
                return;
            }
            catch (error) {
                this.bytesUploaded += sent;
                if (error instanceof errors/* UserError */.y)
                    throw error; // a refusal, not a transient failure
                const status = error instanceof RegistryError ? error.status : 0;
                const retryable = status === 0 || isRetryable(status);
                if (!retryable || attempt >= this.retry.attempts || Date.now() - started > this.retry.maxElapsedMs)
                    throw error;
                const delay = this.retry.baseDelayMs * 2 ** (attempt - 1);
                this.options.log?.(`${this.registry}: upload of ${digest.slice(0, 19)} failed (${error.message}); new attempt in ${delay} ms`);
                await sleep(delay);
            }
        }
    }
    async listTags(repository) {
        const response = await this.request('GET', `/v2/${repository}/tags/list`, {
            scopes: [RegistryClient.pull(repository)],
            ok: [404]
        });
        if (response.status === 404)
            return [];
        const what = `${this.registry}/${repository}: the tag list`;
        const body = (0,limits/* parseRegistryJson */.HV)(await (0,limits/* readBody */.x8)(response, this.maxResponseBytes, what), what);
        return Array.isArray(body?.tags) ? body.tags.filter((tag) => typeof tag === 'string') : [];
    }
    /** OCI 1.1 referrers API; undefined when the registry does not implement it. */
    async getReferrers(repository, digest) {
        checkDigest(digest);
        const response = await this.request('GET', `/v2/${repository}/referrers/${digest}`, {
            headers: { accept: MEDIA_TYPES.ociIndex },
            scopes: [RegistryClient.pull(repository)],
            ok: [404, 400, 405]
        });
        const type = response.headers.get('content-type') ?? '';
        if (!response.ok || !type.includes(MEDIA_TYPES.ociIndex)) {
            await response.body?.cancel();
            return undefined;
        }
        const what = `${this.registry}/${repository}: the referrers of ${digest}`;
        const index = (0,limits/* parseRegistryJson */.HV)(await (0,limits/* readBody */.x8)(response, this.maxResponseBytes, what), what);
        if (index?.manifests !== undefined && !Array.isArray(index.manifests))
            throw new limits/* InvalidResponseError */.tF(`${what} is not an index (manifests is not a list).`);
        return (index?.manifests ?? []);
    }
}


/***/ }),

/***/ 397:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   VX: () => (/* binding */ secretValues),
/* harmony export */   bf: () => (/* binding */ parseRegistryAuth),
/* harmony export */   tz: () => (/* binding */ loadDockerConfigCredentials)
/* harmony export */ });
/* unused harmony export normalizeRegistryHost */
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1421);
/* harmony import */ var node_child_process__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_child_process__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3024);
/* harmony import */ var node_fs__WEBPACK_IMPORTED_MODULE_1___default = /*#__PURE__*/__webpack_require__.n(node_fs__WEBPACK_IMPORTED_MODULE_1__);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8161);
/* harmony import */ var node_os__WEBPACK_IMPORTED_MODULE_2___default = /*#__PURE__*/__webpack_require__.n(node_os__WEBPACK_IMPORTED_MODULE_2__);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6760);
/* harmony import */ var node_path__WEBPACK_IMPORTED_MODULE_3___default = /*#__PURE__*/__webpack_require__.n(node_path__WEBPACK_IMPORTED_MODULE_3__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(7268);
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6292);






/** The registry host a docker config key stands for (`https://index.docker.io/v1/` -> `docker.io`). */
function normalizeRegistryHost(key) {
    const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    return host === 'index.docker.io' || host === 'registry-1.docker.io' ? _image_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .DOCKER_HUB */ .Xb : host;
}
function dockerConfigPath() {
    return (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)(process.env.DOCKER_CONFIG ?? (0,node_path__WEBPACK_IMPORTED_MODULE_3__.join)((0,node_os__WEBPACK_IMPORTED_MODULE_2__.homedir)(), '.docker'), 'config.json');
}
/** A `docker-credential-<helper> get` lookup (the protocol Docker itself uses); undefined when absent. */
function fromCredentialHelper(helper, host) {
    const server = host === _image_reference_js__WEBPACK_IMPORTED_MODULE_5__/* .DOCKER_HUB */ .Xb ? 'https://index.docker.io/v1/' : host;
    try {
        const out = (0,node_child_process__WEBPACK_IMPORTED_MODULE_0__.execFileSync)(`docker-credential-${helper}`, ['get'], {
            input: server,
            encoding: 'utf8',
            stdio: ['pipe', 'pipe', 'ignore']
        });
        const parsed = JSON.parse(out);
        if (!parsed.Secret)
            return undefined;
        return parsed.Username === '<token>'
            ? { identityToken: parsed.Secret }
            : { username: parsed.Username, password: parsed.Secret };
    }
    catch {
        return undefined;
    }
}
/** Reads `$DOCKER_CONFIG/config.json` (or ~/.docker/config.json): `auths`, `credHelpers`, `credsStore`. */
function loadDockerConfigCredentials(path = dockerConfigPath()) {
    const store = new Map();
    if (!(0,node_fs__WEBPACK_IMPORTED_MODULE_1__.existsSync)(path))
        return store;
    let config;
    try {
        config = JSON.parse((0,node_fs__WEBPACK_IMPORTED_MODULE_1__.readFileSync)(path, 'utf8'));
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .y(`${path} is not valid JSON (${error.message}); fix or remove it.`);
    }
    for (const [key, entry] of Object.entries(config.auths ?? {})) {
        const host = normalizeRegistryHost(key);
        if (entry.identitytoken)
            store.set(host, { identityToken: entry.identitytoken });
        else if (entry.auth) {
            const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
            const colon = decoded.indexOf(':');
            store.set(host, { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) });
        }
        else if (entry.username && entry.password)
            store.set(host, { username: entry.username, password: entry.password });
        else if (config.credsStore) {
            const helped = fromCredentialHelper(config.credsStore, host);
            if (helped)
                store.set(host, helped);
        }
    }
    for (const [key, helper] of Object.entries(config.credHelpers ?? {})) {
        const host = normalizeRegistryHost(key);
        const helped = fromCredentialHelper(helper, host);
        if (helped)
            store.set(host, helped);
    }
    return store;
}
/**
 * Parses `registry-auth` lines: `<host>=<username>:<password>` or `<host>=<token>` (a bare token is
 * sent as the password of user `token`, which GHCR, GitLab and most token registries accept).
 */
function parseRegistryAuth(text) {
    const store = new Map();
    for (const [index, raw] of text.split('\n').entries()) {
        const line = raw.trim();
        if (line === '' || line.startsWith('#'))
            continue;
        const equals = line.indexOf('=');
        if (equals <= 0) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_4__/* .UserError */ .y(`registry-auth line ${index + 1} is not "<host>=<username>:<password>" or "<host>=<token>" (the value is not shown).`);
        }
        const host = normalizeRegistryHost(line.slice(0, equals).trim());
        const secret = line.slice(equals + 1);
        const colon = secret.indexOf(':');
        store.set(host, colon > 0
            ? { username: secret.slice(0, colon), password: secret.slice(colon + 1) }
            : { username: 'token', password: secret });
    }
    return store;
}
/** Every secret value in a store, to register with core.setSecret. */
function secretValues(store) {
    return [...store.values()].flatMap(credential => [credential.password, credential.identityToken].filter((value) => Boolean(value)));
}


/***/ }),

/***/ 6471:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   $V: () => (/* binding */ clientFor),
/* harmony export */   VX: () => (/* reexport safe */ _credentials_js__WEBPACK_IMPORTED_MODULE_4__.VX),
/* harmony export */   bf: () => (/* reexport safe */ _credentials_js__WEBPACK_IMPORTED_MODULE_4__.bf),
/* harmony export */   j: () => (/* binding */ resolveDigest),
/* harmony export */   mz: () => (/* binding */ fetchImageConfig),
/* harmony export */   tz: () => (/* reexport safe */ _credentials_js__WEBPACK_IMPORTED_MODULE_4__.tz)
/* harmony export */ });
/* unused harmony export fetchManifest */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6292);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6201);
/* harmony import */ var _limits_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(9671);
/* harmony import */ var _credentials_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(397);






/** One client per registry host and options object, so tokens are reused across calls. */
const clients = new WeakMap();
const defaultOptions = {};
function clientFor(registry, options = defaultOptions) {
    let byHost = clients.get(options);
    if (!byHost)
        clients.set(options, (byHost = new Map()));
    let client = byHost.get(registry);
    if (!client)
        byHost.set(registry, (client = new _client_js__WEBPACK_IMPORTED_MODULE_2__/* .RegistryClient */ .bP(registry, options)));
    return client;
}
function referenceOf(ref) {
    return ref.digest ?? ref.tag ?? 'latest';
}
/** The manifest (or index) a reference points at; a UserError when it does not exist. */
async function fetchManifest(reference, options) {
    const ref = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReference */ .F2)(reference);
    const manifest = await clientFor(ref.registry, options).getManifest(ref.repository, referenceOf(ref));
    if (!manifest)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`${reference} does not exist in the registry (no such tag or digest).`);
    return manifest;
}
/** The digest a reference resolves to now (by digest references resolve to themselves, once checked). */
async function resolveDigest(reference, options) {
    const ref = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReference */ .F2)(reference);
    const head = await clientFor(ref.registry, options).headManifest(ref.repository, referenceOf(ref));
    if (!head)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`${reference} does not exist in the registry (no such tag or digest).`);
    return head.digest;
}
/** The image config of a reference; for an index, the linux/amd64 image (or the first one). */
async function fetchImageConfig(reference, options) {
    const ref = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReference */ .F2)(reference);
    const client = clientFor(ref.registry, options);
    let manifest = await fetchManifest(reference, options);
    // parseRegistryJson: a SyntaxError would quote the registry's bytes into the log.
    let parsed = ((0,_limits_js__WEBPACK_IMPORTED_MODULE_3__/* .parseRegistryJson */ .HV)(manifest.body, `the manifest of ${reference}`) ?? {});
    if (_client_js__WEBPACK_IMPORTED_MODULE_2__/* .INDEX_TYPES */ .V.includes(manifest.mediaType) || parsed.manifests) {
        const children = (parsed.manifests ?? []).filter(child => child.platform?.os !== 'unknown');
        const chosen = children.find(child => child.platform?.os === 'linux' && child.platform.architecture === 'amd64') ??
            children[0];
        if (!chosen)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`${reference} is an index without any image in it.`);
        const child = await client.getManifest(ref.repository, chosen.digest);
        if (!child)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`${reference}: the index names ${chosen.digest}, which the registry does not have.`);
        manifest = child;
        parsed = ((0,_limits_js__WEBPACK_IMPORTED_MODULE_3__/* .parseRegistryJson */ .HV)(child.body, `the manifest ${chosen.digest} of ${reference}`) ??
            {});
    }
    if (!parsed.config?.digest)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`${reference} is not an image (its manifest has no config).`);
    const config = (0,_limits_js__WEBPACK_IMPORTED_MODULE_3__/* .parseRegistryJson */ .HV)(await client.getBlob(ref.repository, parsed.config.digest), `the image config of ${reference}`);
    return { config, manifestDigest: manifest.digest, layers: parsed.layers?.length ?? 0 };
}


/***/ }),

/***/ 9671:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   HV: () => (/* binding */ parseRegistryJson),
/* harmony export */   fe: () => (/* binding */ DEFAULT_MAX_RESPONSE_BYTES),
/* harmony export */   jM: () => (/* binding */ readBodyStart),
/* harmony export */   tF: () => (/* binding */ InvalidResponseError),
/* harmony export */   x8: () => (/* binding */ readBody)
/* harmony export */ });
/* unused harmony exports ERROR_BODY_BYTES, ResponseTooLargeError */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _format_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(432);
/* harmony import */ var _untrusted_text_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(8865);
/**
 * Bounded reads of registry responses. Everything the client holds in memory (manifests, indexes,
 * image configs and other JSON blobs, token answers, error bodies) is capped, because a hostile or
 * broken registry can answer with gigabytes; layer blobs are streamed, never read here.
 */



/** The most a manifest, config, token answer or other JSON document may weigh. */
const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;
/** Of an error body only the start is shown; the rest is not even read. */
const ERROR_BODY_BYTES = 64 * 1024;
class ResponseTooLargeError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y {
    what;
    limit;
    constructor(what, limit, detail) {
        super(`${what} is larger than ${(0,_format_js__WEBPACK_IMPORTED_MODULE_1__/* .formatBytes */ .z)(limit)}, the most this client reads into memory (${detail}); refusing it. A registry that sends this is broken or hostile.`);
        this.what = what;
        this.limit = limit;
        this.name = 'ResponseTooLargeError';
    }
}
/**
 * The whole body, refused with a ResponseTooLargeError when it is over `limit`: first by its
 * Content-Length, then (no header, or a chunked body) as soon as more than `limit` bytes arrive, so
 * never more than `limit` plus one chunk is held.
 */
async function readBody(response, limit, what) {
    const declared = response.headers.get('content-length');
    if (declared !== null && Number(declared) > limit) {
        await response.body?.cancel().catch(() => undefined);
        throw new ResponseTooLargeError(what, limit, `the registry declared ${(0,_untrusted_text_js__WEBPACK_IMPORTED_MODULE_2__/* .untrustedText */ .U)(declared, 30)} bytes`);
    }
    if (!response.body)
        return Buffer.alloc(0);
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    for (;;) {
        const { done, value } = await reader.read();
        if (done)
            break;
        size += value.byteLength;
        if (size > limit) {
            await reader.cancel().catch(() => undefined);
            throw new ResponseTooLargeError(what, limit, `more than that arrived`);
        }
        chunks.push(value);
    }
    return Buffer.concat(chunks, size);
}
/** The first `limit` bytes of a body as text (for error messages); the rest is dropped unread. */
async function readBodyStart(response, limit = ERROR_BODY_BYTES) {
    if (!response.body)
        return '';
    const reader = response.body.getReader();
    const chunks = [];
    let size = 0;
    try {
        while (size < limit) {
            const { done, value } = await reader.read();
            if (done)
                return Buffer.concat(chunks, size).toString('utf8');
            chunks.push(value);
            size += value.byteLength;
        }
        await reader.cancel().catch(() => undefined);
        return Buffer.concat(chunks, size).subarray(0, limit).toString('utf8');
    }
    catch {
        // A body cut off mid-way still tells what arrived.
        return Buffer.concat(chunks, size).toString('utf8');
    }
}
/** A registry answer that cannot be used (not JSON, wrong shape). */
class InvalidResponseError extends _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y {
    constructor(message) {
        super(message);
        this.name = 'InvalidResponseError';
    }
}
/** JSON from a registry; a clear error instead of a SyntaxError that would quote the body into the log. */
function parseRegistryJson(data, what) {
    try {
        return JSON.parse(typeof data === 'string' ? data : data.toString('utf8'));
    }
    catch {
        throw new InvalidResponseError(`${what} is not valid JSON.`);
    }
}


/***/ }),

/***/ 1119:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Sy: () => (/* binding */ writeSummary),
/* harmony export */   Yx: () => (/* binding */ addKeyValueTable),
/* harmony export */   ZD: () => (/* binding */ escapeHtml),
/* harmony export */   aY: () => (/* binding */ code)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7264);

/** A two-column table (name -> value) in the job summary; empty values are skipped. */
function addKeyValueTable(rows) {
    const cells = [
        [
            { data: 'Item', header: true },
            { data: 'Value', header: true }
        ]
    ];
    for (const [name, value] of rows) {
        if (value === undefined || value === '')
            continue;
        cells.push([name, code(value)]);
    }
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addTable(cells);
}
/** Inline code for summaries, with HTML escaped (tags and branch names come from users). */
function code(value) {
    return value
        .split('\n')
        .map(line => `<code>${escapeHtml(line)}</code>`)
        .join('<br>');
}
function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
/** Writes the summary when the runner provides a file for it (not in local runs). */
async function writeSummary() {
    if (process.env.GITHUB_STEP_SUMMARY)
        await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.write();
    else
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.emptyBuffer();
}


/***/ }),

/***/ 8865:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   U: () => (/* binding */ untrustedText)
/* harmony export */ });
/* unused harmony export UNTRUSTED_TEXT_LIMIT */
/**
 * Text that comes from outside (registry response bodies, image labels, a fork's Dockerfile) made safe
 * to print in a workflow log. The runner reads every log line for workflow commands: a line that
 * starts with `::` (after white space), or contains the legacy `##[`, can mask values, emit
 * annotations, or stop command processing. `core.warning`/`core.error` escape their message, but
 * `core.info` and error messages that end up in one do not.
 */
/** Characters kept out of logs: C0/C1 controls (ANSI escapes included), DEL, Unicode line/paragraph separators, bidi overrides. */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const UNTRUSTED_TEXT_LIMIT = 1000;
/**
 * One line of harmless text: line breaks become a visible `\n`, tabs a space, other control
 * characters are dropped, `##[` is broken up, a leading `::` gets a `» ` in front, and text longer
 * than `maxLength` characters is cut with a note of how much was left out. The result never holds a
 * line break, so it is safe wherever it sits on a log line.
 */
function untrustedText(text, maxLength = UNTRUSTED_TEXT_LIMIT) {
    let cut = text;
    let note = '';
    if (text.length > maxLength) {
        cut = text.slice(0, maxLength);
        // Do not leave half of a surrogate pair behind.
        if (/[\ud800-\udbff]$/.test(cut))
            cut = cut.slice(0, -1);
        note = ` … (${text.length - cut.length} more characters)`;
    }
    const line = cut
        .replace(/\r\n|\n|\r/g, '\\n')
        .replace(/\t/g, ' ')
        .replace(CONTROL, '')
        .replace(/##\[/g, '## [');
    return (/^\s*::/.test(line) ? `» ${line}` : line) + note;
}


/***/ })

};
