export const id = 930;
export const ids = [930];
export const modules = {

/***/ 7930:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 18 modules
var core = __webpack_require__(6257);
// EXTERNAL MODULE: ./src/lib/image/reference.ts
var image_reference = __webpack_require__(6292);
// EXTERNAL MODULE: ./src/lib/outputs.ts
var outputs = __webpack_require__(4377);
// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
;// CONCATENATED MODULE: ./src/lib/gate/record.ts


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
const sha256 = (data) => `sha256:${(0,external_node_crypto_.createHash)('sha256').update(data).digest('hex')}`;
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
        ? JSON.parse(existing.body.toString('utf8'))
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
            ? (JSON.parse(index.body.toString('utf8')).manifests ?? [])
            : [];
    }
    return descriptors.filter(descriptor => descriptor.artifactType === GATE_ARTIFACT_TYPE);
}
/** Every gate record stored for `subject`, newest first, each verified against its manifest. */
async function findGateRecords(registry, subject) {
    const records = [];
    for (const descriptor of await gateDescriptors(registry, subject)) {
        const manifest = await registry.getManifest(descriptor.digest);
        if (!manifest)
            continue;
        const parsed = JSON.parse(manifest.body.toString('utf8'));
        // The record must be about this very digest, and its blob must hash to what the manifest says.
        if (parsed.subject?.digest !== subject || !parsed.layers?.[0])
            continue;
        const blob = await registry.getBlob(parsed.layers[0].digest);
        if (sha256(blob) !== parsed.layers[0].digest)
            continue;
        const record = JSON.parse(blob.toString('utf8'));
        if (record.subject === subject)
            records.push(record);
    }
    return records.sort((a, b) => b.scannedAt.localeCompare(a.scannedAt));
}
/**
 * The promotion guard: the newest gate record for the digest must say passed. Throws a UserError that
 * says what is missing and how to produce it.
 */
async function requirePassedGate(registry, subject) {
    const records = await findGateRecords(registry, subject);
    if (records.length === 0) {
        throw new errors/* UserError */.y(`${registry.name}@${subject} has no vulnerability gate record, so it is not promoted. Build it with the ` +
            'pipeline (scan-image with record-gate: true writes the record), or set require-gate: false to promote ungated images.');
    }
    const [latest] = records;
    if (!latest.passed) {
        throw new errors/* UserError */.y(`${registry.name}@${subject} failed its vulnerability gate (${latest.scanner}, threshold ${latest.severityThreshold}, ` +
            `${latest.scannedAt}): ${latest.reasons.join('; ') || 'see the scan summary'}. It is not promoted.`);
    }
    return latest;
}
/** Copies an image's gate records to another repository (after a promotion), so the next stage can check them. */
async function copyGateRecords(source, target, subject) {
    const records = await findGateRecords(source, subject.digest);
    const existing = new Set((await findGateRecords(target, subject.digest)).map(record => JSON.stringify(record)));
    let copied = 0;
    for (const record of records.reverse()) {
        if (existing.has(JSON.stringify(record)))
            continue;
        await attachGateRecord(target, subject, record);
        copied++;
    }
    return copied;
}

// EXTERNAL MODULE: external "node:stream"
var external_node_stream_ = __webpack_require__(7075);
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __webpack_require__(1421);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __webpack_require__(3024);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:path"
var external_node_path_ = __webpack_require__(6760);
;// CONCATENATED MODULE: ./src/lib/registry/credentials.ts






/** The registry host a docker config key stands for (`https://index.docker.io/v1/` -> `docker.io`). */
function normalizeRegistryHost(key) {
    const host = key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
    return host === 'index.docker.io' || host === 'registry-1.docker.io' ? image_reference/* DOCKER_HUB */.Xb : host;
}
function dockerConfigPath() {
    return (0,external_node_path_.join)(process.env.DOCKER_CONFIG ?? (0,external_node_path_.join)((0,external_node_os_.homedir)(), '.docker'), 'config.json');
}
/** A `docker-credential-<helper> get` lookup (the protocol Docker itself uses); undefined when absent. */
function fromCredentialHelper(helper, host) {
    const server = host === image_reference/* DOCKER_HUB */.Xb ? 'https://index.docker.io/v1/' : host;
    try {
        const out = (0,external_node_child_process_.execFileSync)(`docker-credential-${helper}`, ['get'], {
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
    if (!(0,external_node_fs_.existsSync)(path))
        return store;
    let config;
    try {
        config = JSON.parse((0,external_node_fs_.readFileSync)(path, 'utf8'));
    }
    catch (error) {
        throw new errors/* UserError */.y(`${path} is not valid JSON (${error.message}); fix or remove it.`);
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
            throw new errors/* UserError */.y(`registry-auth line ${index + 1} is not "<host>=<username>:<password>" or "<host>=<token>" (the value is not shown).`);
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

;// CONCATENATED MODULE: ./src/lib/registry/client.ts




/** Manifest media types we ask for (OCI and Docker v2, single images and indexes). */
const MEDIA_TYPES = {
    ociIndex: 'application/vnd.oci.image.index.v1+json',
    ociManifest: 'application/vnd.oci.image.manifest.v1+json',
    dockerList: 'application/vnd.docker.distribution.manifest.list.v2+json',
    dockerManifest: 'application/vnd.docker.distribution.manifest.v2+json'
};
const MANIFEST_ACCEPT = Object.values(MEDIA_TYPES).join(', ');
const client_INDEX_TYPES = [MEDIA_TYPES.ociIndex, MEDIA_TYPES.dockerList];
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
        const plain = (0,image_reference/* isLoopbackRegistry */.jW)(registry) || (options.insecureRegistries ?? []).includes(registry);
        const host = registry === image_reference/* DOCKER_HUB */.Xb ? 'registry-1.docker.io' : registry;
        this.baseUrl = `${plain ? 'http' : 'https'}://${host}`;
        this.credential = (options.credentials ?? loadDockerConfigCredentials()).get(registry);
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
            let response;
            let failure;
            try {
                response = await fetch(url, {
                    method,
                    headers,
                    body: body instanceof external_node_stream_.Readable ? external_node_stream_.Readable.toWeb(body) : body,
                    redirect: options.redirect ?? 'follow',
                    ...(body instanceof external_node_stream_.Readable ? { duplex: 'half' } : {})
                });
            }
            catch (error) {
                failure = error;
                if (body instanceof external_node_stream_.Readable)
                    body.destroy();
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
            const replayable = !(body instanceof external_node_stream_.Readable);
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
    /** The blob's content as a stream (not buffered), for copying between registries. */
    async openBlob(repository, digest) {
        const response = await this.request('GET', `/v2/${repository}/blobs/${digest}`, {
            scopes: [RegistryClient.pull(repository)]
        });
        return external_node_stream_.Readable.fromWeb(response.body);
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
        await this.uploadBlob(repository, digest, data.length, async () => external_node_stream_.Readable.from([data]));
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
                const stream = await open();
                stream.on('data', (chunk) => (sent += chunk.length));
                const response = await this.request('PUT', url.toString(), {
                    headers: { 'content-type': 'application/octet-stream', 'content-length': String(size) },
                    body: stream,
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

;// CONCATENATED MODULE: ./src/lib/registry/index.ts





/** One client per registry host and options object, so tokens are reused across calls. */
const clients = new WeakMap();
const defaultOptions = {};
function clientFor(registry, options = defaultOptions) {
    let byHost = clients.get(options);
    if (!byHost)
        clients.set(options, (byHost = new Map()));
    let client = byHost.get(registry);
    if (!client)
        byHost.set(registry, (client = new RegistryClient(registry, options)));
    return client;
}
function referenceOf(ref) {
    return ref.digest ?? ref.tag ?? 'latest';
}
/** The manifest (or index) a reference points at; a UserError when it does not exist. */
async function fetchManifest(reference, options) {
    const ref = parseReference(reference);
    const manifest = await clientFor(ref.registry, options).getManifest(ref.repository, referenceOf(ref));
    if (!manifest)
        throw new UserError(`${reference} does not exist in the registry (no such tag or digest).`);
    return manifest;
}
/** The digest a reference resolves to now (by digest references resolve to themselves, once checked). */
async function resolveDigest(reference, options) {
    const ref = (0,image_reference/* parseReference */.F2)(reference);
    const head = await clientFor(ref.registry, options).headManifest(ref.repository, referenceOf(ref));
    if (!head)
        throw new errors/* UserError */.y(`${reference} does not exist in the registry (no such tag or digest).`);
    return head.digest;
}
/** The image config of a reference; for an index, the linux/amd64 image (or the first one). */
async function fetchImageConfig(reference, options) {
    const ref = parseReference(reference);
    const client = clientFor(ref.registry, options);
    let manifest = await fetchManifest(reference, options);
    let parsed = JSON.parse(manifest.body.toString('utf8'));
    if (INDEX_TYPES.includes(manifest.mediaType) || parsed.manifests) {
        const children = (parsed.manifests ?? []).filter(child => child.platform?.os !== 'unknown');
        const chosen = children.find(child => child.platform?.os === 'linux' && child.platform.architecture === 'amd64') ??
            children[0];
        if (!chosen)
            throw new UserError(`${reference} is an index without any image in it.`);
        const child = await client.getManifest(ref.repository, chosen.digest);
        if (!child)
            throw new UserError(`${reference}: the index names ${chosen.digest}, which the registry does not have.`);
        manifest = child;
        parsed = JSON.parse(child.body.toString('utf8'));
    }
    if (!parsed.config?.digest)
        throw new UserError(`${reference} is not an image (its manifest has no config).`);
    const config = JSON.parse((await client.getBlob(ref.repository, parsed.config.digest)).toString('utf8'));
    return { config, manifestDigest: manifest.digest, layers: parsed.layers?.length ?? 0 };
}

;// CONCATENATED MODULE: ./src/lib/gate/registry.ts

/** The gate's view of one repository, over the OCI distribution client. */
function gateRegistry(ref, options) {
    const client = clientFor(ref.registry, options);
    return {
        name: `${ref.registry}/${ref.repository}`,
        getManifest: reference => client.getManifest(ref.repository, reference),
        putManifest: (reference, body, mediaType) => client.putManifest(ref.repository, reference, body, mediaType),
        getBlob: digest => client.getBlob(ref.repository, digest),
        putBlob: data => client.putBlob(ref.repository, data),
        getReferrers: async (digest) => (await client.getReferrers(ref.repository, digest))
    };
}

;// CONCATENATED MODULE: ./src/lib/registry/promote.ts




function parseTarget(text) {
    const ref = (0,image_reference/* parseReference */.F2)(text);
    if (!ref.tag || ref.digest) {
        throw new errors/* UserError */.y(`Target "${text}" must be a tagged reference (e.g. ghcr.io/acme/app:staging), without a digest.`);
    }
    return ref;
}
/** Runs `work` over `items` with at most `limit` at once; the first failure rejects (others finish). */
async function pool(items, limit, work) {
    let next = 0;
    const errors = [];
    const runners = Array.from({ length: Math.min(limit, items.length) }, async () => {
        while (next < items.length && errors.length === 0) {
            const item = items[next++];
            await work(item).catch(error => errors.push(error));
        }
    });
    await Promise.all(runners);
    if (errors.length > 0)
        throw errors[0];
}
class TreeCopier {
    source;
    target;
    mode;
    concurrency;
    done = new Set();
    blobs = { present: 0, mounted: 0, copied: 0 };
    constructor(source, target, mode, concurrency) {
        this.source = source;
        this.target = target;
        this.mode = mode;
        this.concurrency = concurrency;
    }
    async copyBlob(blob) {
        if (this.done.has(blob.digest) || blob.urls?.length)
            return; // foreign layers stay where they are
        this.done.add(blob.digest);
        const { client, repository } = this.target;
        if (await client.hasBlob(repository, blob.digest)) {
            this.blobs.present++;
            return;
        }
        if (this.mode === 'cross-repository mount' &&
            (await client.mountBlob(repository, blob.digest, this.source.repository))) {
            this.blobs.mounted++;
            return;
        }
        await client.uploadBlob(repository, blob.digest, blob.size, () => this.source.client.openBlob(this.source.repository, blob.digest));
        this.blobs.copied++;
    }
    /** Copies everything `manifest` needs (children first, blobs), but not the manifest itself. */
    async copyContents(manifest) {
        const parsed = JSON.parse(manifest.body.toString('utf8'));
        if (client_INDEX_TYPES.includes(manifest.mediaType) || parsed.manifests) {
            for (const child of parsed.manifests ?? []) {
                const childManifest = await this.source.client.getManifest(this.source.repository, child.digest);
                if (!childManifest)
                    throw new errors/* UserError */.y(`The source index names ${child.digest}, which the source registry does not have.`);
                await this.copyContents(childManifest);
                await this.target.client.putManifest(this.target.repository, child.digest, childManifest.body, childManifest.mediaType);
            }
            return;
        }
        const blobs = [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])];
        await pool(blobs, this.concurrency, blob => this.copyBlob(blob));
    }
}
/**
 * Makes every target tag point at the source's digest, moving as few bytes as possible: a manifest PUT
 * within a repository, cross-repository mounts within a registry, streamed copies of missing blobs
 * across registries. Every target is checked before anything is written; each tag is written last,
 * after all its blobs and child manifests, and read back.
 */
async function promoteImage(options) {
    const started = Date.now();
    const log = options.log ?? (() => undefined);
    if (options.expectedDigest && !(0,image_reference/* isValidDigest */.fH)(options.expectedDigest)) {
        throw new errors/* UserError */.y(`expected-digest "${options.expectedDigest}" is not a digest (sha256:<64 hex>).`);
    }
    const source = (0,image_reference/* parseReference */.F2)(options.source);
    const targets = options.targets.map(parseTarget);
    if (targets.length === 0)
        throw new errors/* UserError */.y('No targets given: list at least one tagged reference in `targets`.');
    const sourceClient = clientFor(source.registry, options.registry);
    const manifest = await sourceClient.getManifest(source.repository, source.digest ?? source.tag ?? 'latest');
    if (!manifest)
        throw new errors/* UserError */.y(`Source ${options.source} does not exist in the registry.`);
    const { digest } = manifest;
    log(`source ${options.source} is ${digest}`);
    if (options.expectedDigest && options.expectedDigest !== digest) {
        throw new errors/* UserError */.y(`Source ${options.source} resolves to ${digest}, not the expected ${options.expectedDigest}: the tag moved since it was tested. Nothing was promoted.`);
    }
    // Check every target before writing any, so a refusal never leaves a half-done promotion.
    const plans = [];
    for (const [index, target] of targets.entries()) {
        const client = clientFor(target.registry, options.registry);
        const existing = await client.headManifest(target.repository, target.tag);
        if (existing && existing.digest !== digest && !options.allowOverwrite) {
            throw new errors/* UserError */.y(`${options.targets[index]} already points at ${existing.digest}, not ${digest}. Refusing to move it; set allow-overwrite: true to move it. Nothing was promoted.`);
        }
        const mode = target.registry !== source.registry
            ? 'cross-registry copy'
            : target.repository !== source.repository
                ? 'cross-repository mount'
                : 'same repository';
        plans.push({ reference: options.targets[index], target, client, previous: existing?.digest, mode });
    }
    const results = [];
    for (const plan of plans) {
        const unchanged = plan.previous === digest;
        const before = plan.client.bytesUploaded;
        const copier = new TreeCopier({ client: sourceClient, repository: source.repository }, { client: plan.client, repository: plan.target.repository }, plan.mode, options.concurrency ?? 4);
        let action;
        if (unchanged)
            action = 'unchanged';
        else if (options.dryRun)
            action = plan.previous ? 'would move' : 'would create';
        else {
            if (plan.mode !== 'same repository')
                await copier.copyContents(manifest);
            await plan.client.putManifest(plan.target.repository, plan.target.tag, manifest.body, manifest.mediaType);
            const written = await plan.client.headManifest(plan.target.repository, plan.target.tag);
            if (written?.digest !== digest) {
                throw new errors/* UserError */.y(`${plan.reference} reads back as ${written?.digest ?? 'missing'} after writing ${digest}.`);
            }
            action = plan.previous ? 'moved' : 'created';
        }
        log(`${plan.reference}: ${action} (${plan.mode})`);
        results.push({
            reference: plan.reference,
            action,
            mode: plan.mode,
            previousDigest: plan.previous,
            blobs: copier.blobs,
            bytesUploaded: plan.client.bytesUploaded - before
        });
    }
    return {
        source: options.source,
        digest,
        mediaType: manifest.mediaType,
        targets: results,
        bytesUploaded: results.reduce((sum, result) => sum + result.bytesUploaded, 0),
        seconds: (Date.now() - started) / 1000
    };
}

// EXTERNAL MODULE: ./src/lib/summary.ts
var summary = __webpack_require__(1119);
;// CONCATENATED MODULE: ./src/lib/format.ts
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

;// CONCATENATED MODULE: ./src/actions/promote/summary.ts



async function writePromotionSummary(result, dryRun) {
    core/* summary */.z.addHeading(dryRun ? 'promote (dry run)' : 'promote', 3);
    core/* summary */.z.addRaw(`<p>Source ${(0,summary/* code */.aY)(result.source)} = ${(0,summary/* code */.aY)(result.digest)}; ${formatBytes(result.bytesUploaded)} uploaded in ${result.seconds.toFixed(1)} s</p>`, true);
    core/* summary */.z.addTable([
        [
            { data: 'Target', header: true },
            { data: 'Action', header: true },
            { data: 'How', header: true },
            { data: 'Blobs present / mounted / copied', header: true },
            { data: 'Uploaded', header: true }
        ],
        ...result.targets.map(target => [
            (0,summary/* code */.aY)(target.reference),
            target.action +
                (target.previousDigest && target.action !== 'unchanged'
                    ? ` (was ${(0,summary/* code */.aY)(target.previousDigest.slice(0, 19))})`
                    : ''),
            target.mode,
            `${target.blobs.present} / ${target.blobs.mounted} / ${target.blobs.copied}`,
            formatBytes(target.bytesUploaded)
        ])
    ]);
    await (0,summary/* writeSummary */.Sy)();
}

// EXTERNAL MODULE: ./src/lib/inputs.ts
var inputs = __webpack_require__(1662);
;// CONCATENATED MODULE: ./src/actions/promote/context.ts





/**
 * Credentials, most specific last: the docker config (e.g. after docker/login-action), then
 * `registry-auth` lines, then `username`/`password` for the source's registry and
 * `target-username`/`target-password` for every target registry that differs from it.
 */
function buildCredentials(input) {
    const store = loadDockerConfigCredentials();
    for (const [host, credential] of parseRegistryAuth(input.registryAuth ?? ''))
        store.set(host, credential);
    if (input.password)
        store.set(input.sourceRegistry, { username: input.username || 'token', password: input.password });
    if (input.targetPassword) {
        for (const host of input.targetRegistries.filter(host => host !== input.sourceRegistry)) {
            store.set(host, { username: input.targetUsername || 'token', password: input.targetPassword });
        }
    }
    return store;
}
function getInputs() {
    const password = (0,inputs/* getOptional */.xX)('password');
    const targetPassword = (0,inputs/* getOptional */.xX)('target-password');
    const registryAuth = core/* getInput */.V4('registry-auth');
    // Mask before anything can print them (registry-auth secrets are masked once parsed, below).
    for (const secret of [password, targetPassword])
        if (secret)
            core/* setSecret */.Pq(secret);
    const source = (0,inputs/* getOptional */.xX)('source');
    if (!source)
        throw new errors/* UserError */.y('Input "source" is required: the image to promote, by unique tag or digest.');
    const targets = (0,inputs/* getList */.vS)('targets');
    if (targets.length === 0)
        throw new errors/* UserError */.y('Input "targets" is required: one or more tagged references.');
    const sourceRegistry = (0,image_reference/* parseReference */.F2)(source).registry;
    const targetRegistries = targets.map(target => (0,image_reference/* parseReference */.F2)(target).registry);
    const credentials = buildCredentials({
        sourceRegistry,
        targetRegistries,
        username: (0,inputs/* getOptional */.xX)('username'),
        password,
        targetUsername: (0,inputs/* getOptional */.xX)('target-username'),
        targetPassword,
        registryAuth
    });
    for (const secret of new Set(secretValues(credentials)))
        if (secret !== password && secret !== targetPassword)
            core/* setSecret */.Pq(secret);
    return {
        source,
        targets,
        expectedDigest: (0,inputs/* getOptional */.xX)('expected-digest'),
        allowOverwrite: (0,inputs/* getBoolean */.pW)('allow-overwrite', false),
        dryRun: (0,inputs/* getBoolean */.pW)('dry-run', false),
        requireGate: (0,inputs/* getBoolean */.pW)('require-gate', false),
        registry: {
            credentials,
            insecureRegistries: (0,inputs/* getList */.vS)('insecure-registries'),
            log: message => core/* info */.pq(message)
        }
    };
}

;// CONCATENATED MODULE: ./src/actions/promote/main.ts









/** promote: check the gate -> write every target tag to the source digest -> verify -> report. */
async function main() {
    const inputs = getInputs();
    const source = (0,image_reference/* parseReference */.F2)(inputs.source);
    if (inputs.requireGate) {
        await core/* group */.Os('Vulnerability gate record', async () => {
            const digest = source.digest ?? (await resolveDigest(inputs.source, inputs.registry));
            const record = await requirePassedGate(gateRegistry(source, inputs.registry), digest);
            core/* info */.pq(`${digest} passed ${record.scanner} (threshold ${record.severityThreshold}) at ${record.scannedAt}`);
        });
    }
    const result = await core/* group */.Os(inputs.dryRun ? 'Promotion plan (dry run)' : 'Promote', () => promoteImage({
        source: inputs.source,
        targets: inputs.targets,
        expectedDigest: inputs.expectedDigest,
        allowOverwrite: inputs.allowOverwrite,
        dryRun: inputs.dryRun,
        registry: inputs.registry,
        log: message => core/* info */.pq(message)
    }));
    if (!inputs.dryRun) {
        // The verdict follows the image, so the next stage (another repository or registry) can check it.
        const subject = { mediaType: result.mediaType, digest: result.digest, size: 0 };
        const sourceGate = gateRegistry(source, inputs.registry);
        const seen = new Set([`${source.registry}/${source.repository}`]);
        for (const target of result.targets.map(t => (0,image_reference/* parseReference */.F2)(t.reference))) {
            const key = `${target.registry}/${target.repository}`;
            if (seen.has(key))
                continue;
            seen.add(key);
            const manifest = await gateRegistry(target, inputs.registry).getManifest(result.digest);
            subject.size = manifest?.body.length ?? 0;
            const copied = await copyGateRecords(sourceGate, gateRegistry(target, inputs.registry), subject);
            if (copied > 0)
                core/* info */.pq(`copied ${copied} gate record(s) to ${key}`);
        }
    }
    (0,outputs/* setOutputs */.n)({
        digest: result.digest,
        promoted: inputs.dryRun ? [] : result.targets.map(target => target.reference),
        'bytes-uploaded': result.bytesUploaded,
        json: result
    });
    await writePromotionSummary(result, inputs.dryRun);
}


/***/ }),

/***/ 4377:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   n: () => (/* binding */ setOutputs)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6257);

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

/***/ 1119:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Sy: () => (/* binding */ writeSummary),
/* harmony export */   Yx: () => (/* binding */ addKeyValueTable),
/* harmony export */   aY: () => (/* binding */ code)
/* harmony export */ });
/* unused harmony export escapeHtml */
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(6257);

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
