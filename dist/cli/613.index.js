export const id = 613;
export const ids = [613];
export const modules = {

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

/***/ 1904:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   V: () => (/* binding */ INDEX_TYPES),
/* harmony export */   bP: () => (/* binding */ RegistryClient)
/* harmony export */ });
/* unused harmony exports MEDIA_TYPES, MANIFEST_ACCEPT, DEFAULT_RETRY, RegistryError, digestOf, parseChallenge */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6292);
/* harmony import */ var _credentials_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(397);



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
const digestOf = (data) => `sha256:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(data).digest('hex')}`;
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
/** Statuses worth another try; a stream body is never replayed (uploadBlob restarts instead). */
function isRetryable(status) {
    return status === 429 || (status >= 500 && status !== 501 && status !== 505);
}
/**
 * A client of one registry's OCI distribution API: token (Bearer) and Basic auth, anonymous pulls,
 * bounded retries with back-off on 429/5xx and dropped connections, streamed blob transfer.
 */
class RegistryClient {
    registry;
    options;
    baseUrl;
    credential;
    tokens = new Map();
    basic = false;
    retry;
    /** Bytes this client has sent as blob content (for summaries and the benchmarks). */
    bytesUploaded = 0;
    constructor(registry, options = {}) {
        this.registry = registry;
        this.options = options;
        const plain = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .isLoopbackRegistry */ .jW)(registry) || (options.insecureRegistries ?? []).includes(registry);
        const host = registry === _image_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .DOCKER_HUB */ .Xb ? 'registry-1.docker.io' : registry;
        this.baseUrl = `${plain ? 'http' : 'https'}://${host}`;
        this.credential = (options.credentials ?? (0,_credentials_js__WEBPACK_IMPORTED_MODULE_2__/* .loadDockerConfigCredentials */ .tz)()).get(registry);
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
            throw new RegistryError(`${this.registry} sent an authentication challenge this client does not support: ${scheme}`, 401);
        }
        const url = new URL(params.realm);
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
            response = await fetch(url, { method: 'POST', body: form });
        }
        else {
            if (params.service)
                url.searchParams.set('service', params.service);
            for (const scope of scopes)
                url.searchParams.append('scope', scope);
            if (this.credential?.username) {
                headers.authorization = `Basic ${Buffer.from(`${this.credential.username}:${this.credential.password ?? ''}`).toString('base64')}`;
            }
            response = await fetch(url, { headers });
        }
        if (!response.ok) {
            const text = await response.text().catch(() => '');
            throw new RegistryError(`${this.registry}: the token service refused ${this.credential ? 'the credentials' : 'an anonymous request'} for ${scopes.join(' ')} (HTTP ${response.status}${text ? `: ${text.slice(0, 200)}` : ''}).`, response.status);
        }
        const body = (await response.json());
        const token = body.token ?? body.access_token;
        if (!token)
            throw new RegistryError(`${this.registry}: the token service answered without a token.`, 502);
        this.tokens.set(scopes.join(' '), token);
    }
    /** One request with auth and retries. `path` is relative to the base URL, or an absolute upload URL. */
    async request(method, path, options) {
        const url = path.startsWith('http') ? path : `${this.baseUrl}${path}`;
        const started = Date.now();
        let authenticated = false;
        for (let attempt = 1;; attempt++) {
            const headers = { ...options.headers };
            const authorization = this.authorization(options.scopes);
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
    async error(response, method, path) {
        const text = await response.text().catch(() => '');
        let detail = text.slice(0, 300);
        let code;
        try {
            const parsed = JSON.parse(text);
            if (parsed.errors?.length) {
                code = parsed.errors[0].code;
                detail = parsed.errors.map(error => `${error.code}: ${error.message}`).join('; ');
            }
        }
        catch {
            // not JSON: keep the text
        }
        return new RegistryError(`${this.registry}: ${method} ${path.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '')} failed with HTTP ${response.status}${detail ? ` (${detail})` : ''}`, response.status, code);
    }
    static pull = (repository) => `repository:${repository}:pull`;
    static push = (repository) => `repository:${repository}:pull,push`;
    async getManifest(repository, reference) {
        const response = await this.request('GET', `/v2/${repository}/manifests/${reference}`, {
            headers: { accept: MANIFEST_ACCEPT },
            scopes: [RegistryClient.pull(repository)],
            ok: [404]
        });
        if (response.status === 404) {
            await response.body?.cancel();
            return undefined;
        }
        const body = Buffer.from(await response.arrayBuffer());
        const digest = digestOf(body);
        if (reference.startsWith('sha256:') && digest !== reference) {
            throw new RegistryError(`${this.registry}/${repository}@${reference}: the registry sent content with digest ${digest}.`, 502);
        }
        const mediaType = response.headers.get('content-type')?.split(';')[0] ??
            JSON.parse(body.toString('utf8')).mediaType ??
            '';
        return { body, mediaType, digest };
    }
    /** The digest a tag points at now (HEAD; GET when the registry omits Docker-Content-Digest). */
    async headManifest(repository, reference) {
        const response = await this.request('HEAD', `/v2/${repository}/manifests/${reference}`, {
            headers: { accept: MANIFEST_ACCEPT },
            scopes: [RegistryClient.pull(repository)],
            ok: [404]
        });
        if (response.status === 404)
            return undefined;
        const digest = response.headers.get('docker-content-digest');
        if (!digest) {
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
        const response = await this.request('HEAD', `/v2/${repository}/blobs/${digest}`, {
            scopes: [RegistryClient.pull(repository)],
            ok: [404]
        });
        return response.status !== 404;
    }
    async getBlob(repository, digest) {
        const response = await this.request('GET', `/v2/${repository}/blobs/${digest}`, {
            scopes: [RegistryClient.pull(repository)]
        });
        const data = Buffer.from(await response.arrayBuffer());
        if (digestOf(data) !== digest)
            throw new RegistryError(`${this.registry}/${repository}: blob ${digest} arrived corrupted.`, 502);
        return data;
    }
    /**
     * The blob's content as a web stream (not buffered), for copying between registries: it goes
     * straight into the target's PUT, with no node-stream conversion in between.
     */
    async openBlob(repository, digest) {
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
        return new URL(location, this.baseUrl);
    }
    /** Cross-repository mount; true when the registry linked the blob (201), false when it did not (202). */
    async mountBlob(repository, digest, from) {
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
        const body = (await response.json());
        return body.tags ?? [];
    }
    /** OCI 1.1 referrers API; undefined when the registry does not implement it. */
    async getReferrers(repository, digest) {
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
        const index = (await response.json());
        return index.manifests ?? [];
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
/* harmony export */   VX: () => (/* reexport safe */ _credentials_js__WEBPACK_IMPORTED_MODULE_3__.VX),
/* harmony export */   bf: () => (/* reexport safe */ _credentials_js__WEBPACK_IMPORTED_MODULE_3__.bf),
/* harmony export */   j: () => (/* binding */ resolveDigest),
/* harmony export */   mz: () => (/* binding */ fetchImageConfig),
/* harmony export */   tz: () => (/* reexport safe */ _credentials_js__WEBPACK_IMPORTED_MODULE_3__.tz)
/* harmony export */ });
/* unused harmony export fetchManifest */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6292);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1904);
/* harmony import */ var _credentials_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(397);





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
    let parsed = JSON.parse(manifest.body.toString('utf8'));
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
        parsed = JSON.parse(child.body.toString('utf8'));
    }
    if (!parsed.config?.digest)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`${reference} is not an image (its manifest has no config).`);
    const config = JSON.parse((await client.getBlob(ref.repository, parsed.config.digest)).toString('utf8'));
    return { config, manifestDigest: manifest.digest, layers: parsed.layers?.length ?? 0 };
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


/***/ })

};
