export const id = 3;
export const ids = [3];
export const modules = {

/***/ 8003:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  main: () => (/* binding */ main)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7264);
// EXTERNAL MODULE: ./src/lib/image/reference.ts
var reference = __webpack_require__(6292);
// EXTERNAL MODULE: ./src/lib/outputs.ts
var outputs = __webpack_require__(4377);
// EXTERNAL MODULE: ./src/lib/gate/record.ts
var gate_record = __webpack_require__(1570);
// EXTERNAL MODULE: ./src/lib/gate/registry.ts
var registry = __webpack_require__(8948);
// EXTERNAL MODULE: ./src/lib/registry/promote.ts
var promote = __webpack_require__(9591);
// EXTERNAL MODULE: ./src/lib/summary.ts
var summary = __webpack_require__(1119);
// EXTERNAL MODULE: ./src/lib/format.ts
var format = __webpack_require__(432);
;// CONCATENATED MODULE: ./src/actions/promote/summary.ts



async function writePromotionSummary(result, dryRun) {
    core/* summary */.z.addHeading(dryRun ? 'promote (dry run)' : 'promote', 3);
    core/* summary */.z.addRaw(`<p>Source ${(0,summary/* code */.aY)(result.source)} = ${(0,summary/* code */.aY)(result.digest)}; ${(0,format/* formatBytes */.z)(result.bytesUploaded)} uploaded in ${result.seconds.toFixed(1)} s</p>`, true);
    if (result.failure)
        core/* summary */.z.addRaw(`<p>❌ ${(0,summary/* escapeHtml */.ZD)(result.failure)}</p>`, true);
    core/* summary */.z.addTable([
        [
            { data: 'Target', header: true },
            { data: 'Tag kind', header: true },
            { data: 'Action', header: true },
            { data: 'How', header: true },
            { data: 'Blobs present / mounted / copied', header: true },
            { data: 'Uploaded', header: true }
        ],
        ...result.targets.map(target => [
            (0,summary/* code */.aY)(target.reference),
            target.floating ? 'floating' : 'fixed',
            target.action +
                (target.previousDigest && target.action !== 'unchanged'
                    ? ` (was ${(0,summary/* code */.aY)(target.previousDigest.slice(0, 19))})`
                    : ''),
            target.mode,
            `${target.blobs.present} / ${target.blobs.mounted} / ${target.blobs.copied}`,
            (0,format/* formatBytes */.z)(target.bytesUploaded)
        ])
    ]);
    await (0,summary/* writeSummary */.Sy)();
}

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/inputs.ts
var inputs = __webpack_require__(1662);
// EXTERNAL MODULE: ./src/lib/registry/index.ts
var lib_registry = __webpack_require__(6471);
;// CONCATENATED MODULE: ./src/actions/promote/context.ts





/**
 * Credentials, most specific last: the docker config (e.g. after docker/login-action), then
 * `registry-auth` lines, then `username`/`password` for the source's registry and
 * `target-username`/`target-password` for every target registry that differs from it.
 */
function buildCredentials(input) {
    const store = (0,lib_registry/* loadDockerConfigCredentials */.tz)();
    for (const [host, credential] of (0,lib_registry/* parseRegistryAuth */.bf)(input.registryAuth ?? ''))
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
    const floatingTargets = (0,inputs/* getList */.vS)('floating-targets');
    if (targets.length + floatingTargets.length === 0)
        throw new errors/* UserError */.y('Input "targets" or "floating-targets" is required: one or more tagged references (targets never move once written; floating-targets follow every promotion).');
    const sourceRegistry = (0,reference/* parseReference */.F2)(source).registry;
    const targetRegistries = [...targets, ...floatingTargets].map(target => (0,reference/* parseReference */.F2)(target).registry);
    const credentials = buildCredentials({
        sourceRegistry,
        targetRegistries,
        username: (0,inputs/* getOptional */.xX)('username'),
        password,
        targetUsername: (0,inputs/* getOptional */.xX)('target-username'),
        targetPassword,
        registryAuth
    });
    for (const secret of new Set((0,lib_registry/* secretValues */.VX)(credentials)))
        if (secret !== password && secret !== targetPassword)
            core/* setSecret */.Pq(secret);
    return {
        source,
        targets,
        floatingTargets,
        expectedDigest: (0,inputs/* getOptional */.xX)('expected-digest'),
        allowOverwrite: (0,inputs/* getBoolean */.pW)('allow-overwrite', false),
        dryRun: (0,inputs/* getBoolean */.pW)('dry-run', false),
        // Fail closed: promoting an ungated image is something to ask for explicitly.
        requireGate: (0,inputs/* getBoolean */.pW)('require-gate', true),
        allowSelfReported: (0,inputs/* getBoolean */.pW)('allow-self-reported', false),
        registry: {
            credentials,
            insecureRegistries: (0,inputs/* getList */.vS)('insecure-registries'),
            log: message => core/* info */.pq(message)
        }
    };
}

;// CONCATENATED MODULE: ./src/actions/promote/main.ts








function reportPromotion(result, dryRun) {
    const landed = ['created', 'moved', 'unchanged'];
    (0,outputs/* setOutputs */.n)({
        digest: result.digest,
        promoted: dryRun ? [] : result.targets.filter(t => landed.includes(t.action)).map(t => t.reference),
        'bytes-uploaded': result.bytesUploaded,
        json: result,
        // Stringified here: setOutputs would join a list into lines.
        results: JSON.stringify(result.targets.map(target => ({
            reference: target.reference,
            floating: target.floating,
            action: target.action,
            previousDigest: target.previousDigest ?? null
        })))
    });
    return writePromotionSummary(result, dryRun);
}
/** promote: resolve the source once -> check the gate on that digest -> write every target -> report. */
async function main() {
    const inputs = getInputs();
    // One GET: the gate is checked on this digest, and exactly these bytes are promoted.
    const source = await (0,promote/* resolveSource */.ev)(inputs.source, inputs.registry);
    if (inputs.requireGate) {
        await core/* group */.Os('Vulnerability gate record', async () => {
            const record = await (0,gate_record/* requirePassedGate */.xR)((0,registry/* gateRegistry */.X)(source.ref, inputs.registry), source.digest, {
                allowSelfReported: inputs.allowSelfReported
            });
            core/* info */.pq(`${source.digest} passed ${record.scanner}${(0,gate_record/* isSelfReported */.qO)(record) ? ' (self-reported)' : ''} (threshold ${record.severityThreshold}) at ${record.scannedAt}`);
        });
    }
    else
        core/* info */.pq('require-gate: false: the gate record is not checked');
    let result;
    try {
        result = await core/* group */.Os(inputs.dryRun ? 'Promotion plan (dry run)' : 'Promote', () => (0,promote/* promoteImage */.kP)({
            source,
            targets: inputs.targets,
            floatingTargets: inputs.floatingTargets,
            expectedDigest: inputs.expectedDigest,
            allowOverwrite: inputs.allowOverwrite,
            dryRun: inputs.dryRun,
            registry: inputs.registry,
            log: message => core/* info */.pq(message)
        }));
    }
    catch (error) {
        // Each target's result (failed, restored, skipped) is an output even when the promotion fails.
        if (error instanceof promote/* PromotionError */.g1)
            await reportPromotion(error.result, inputs.dryRun);
        throw error;
    }
    await reportPromotion(result, inputs.dryRun);
    if (!inputs.dryRun) {
        // The verdict follows the image, so the next stage (another repository or registry) can check it.
        const subject = { mediaType: source.mediaType, digest: source.digest, size: source.body.length };
        const sourceGate = (0,registry/* gateRegistry */.X)(source.ref, inputs.registry);
        const seen = new Set([`${source.ref.registry}/${source.ref.repository}`]);
        for (const target of result.targets.map(t => (0,reference/* parseReference */.F2)(t.reference))) {
            const key = `${target.registry}/${target.repository}`;
            if (seen.has(key))
                continue;
            seen.add(key);
            const copied = await (0,gate_record/* copyGateRecords */.Vp)(sourceGate, (0,registry/* gateRegistry */.X)(target, inputs.registry), subject);
            if (copied > 0)
                core/* info */.pq(`copied ${copied} gate record(s) to ${key}`);
        }
    }
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

/***/ 9591:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ev: () => (/* binding */ resolveSource),
/* harmony export */   g1: () => (/* binding */ PromotionError),
/* harmony export */   kP: () => (/* binding */ promoteImage)
/* harmony export */ });
/* unused harmony export MAX_MANIFEST_BYTES */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6292);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6201);
/* harmony import */ var _index_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6471);
/* harmony import */ var _limits_js__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(9671);






/** A failed promotion, with the per-target results (what was written, failed, restored, skipped). */
class PromotionError extends _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y {
    result;
    constructor(message, result) {
        super(message);
        this.result = result;
        this.name = 'PromotionError';
    }
}
/** Manifests and indexes are small; a bigger answer is refused before it is held in memory. */
const MAX_MANIFEST_BYTES = _limits_js__WEBPACK_IMPORTED_MODULE_5__/* .DEFAULT_MAX_RESPONSE_BYTES */ .fe;
function parseTarget(text) {
    const ref = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseReference */ .F2)(text);
    if (!ref.tag || ref.digest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`Target "${text}" must be a tagged reference (e.g. ghcr.io/acme/app:staging), without a digest.`);
    }
    return ref;
}
const hashAs = (algorithm, data) => `${algorithm}:${(0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)(algorithm).update(data).digest('hex')}`;
/**
 * Resolves the source once: one GET of its manifest, whose digest is the sha256 of the bytes received
 * (checked against Docker-Content-Digest when the registry sends it, and against the reference's own
 * digest). The gate is checked on this digest and exactly these bytes are promoted, so a push to the
 * source tag in between cannot slip an unscanned image through.
 */
async function resolveSource(reference, options) {
    const ref = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .parseReference */ .F2)(reference);
    const client = (0,_index_js__WEBPACK_IMPORTED_MODULE_4__/* .clientFor */ .$V)(ref.registry, options);
    const response = await client.request('GET', `/v2/${ref.repository}/manifests/${ref.digest ?? ref.tag ?? 'latest'}`, { headers: { accept: _client_js__WEBPACK_IMPORTED_MODULE_3__/* .MANIFEST_ACCEPT */ .dY }, scopes: [_client_js__WEBPACK_IMPORTED_MODULE_3__/* .RegistryClient */ .bP.pull(ref.repository)], ok: [404] });
    if (response.status === 404) {
        await response.body?.cancel();
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`Source ${reference} does not exist in the registry.`);
    }
    const body = await (0,_limits_js__WEBPACK_IMPORTED_MODULE_5__/* .readBody */ .x8)(response, MAX_MANIFEST_BYTES, `The manifest of ${reference}`);
    const digest = hashAs('sha256', body);
    const header = response.headers.get('docker-content-digest');
    if (header) {
        const algorithm = header.split(':')[0];
        const supported = algorithm === 'sha256' || algorithm === 'sha512';
        if (!supported || hashAs(algorithm, body) !== header) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${reference}: the registry says the manifest is ${header}, but the bytes it sent are ${digest}. Nothing was promoted.`);
        }
    }
    if (ref.digest && ref.digest !== digest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${reference}: the registry sent a manifest whose digest is ${digest}, not the one asked for. Nothing was promoted.`);
    }
    let mediaType = response.headers.get('content-type')?.split(';')[0].trim() ?? '';
    if (!mediaType) {
        const parsed = (0,_limits_js__WEBPACK_IMPORTED_MODULE_5__/* .parseRegistryJson */ .HV)(body, `The manifest of ${reference}`);
        mediaType = parsed.mediaType ?? '';
    }
    return { reference, ref, digest, mediaType, body };
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
        const parsed = (0,_limits_js__WEBPACK_IMPORTED_MODULE_5__/* .parseRegistryJson */ .HV)(manifest.body, `A ${manifest.mediaType} manifest`);
        if (_client_js__WEBPACK_IMPORTED_MODULE_3__/* .INDEX_TYPES */ .V.includes(manifest.mediaType) || parsed.manifests) {
            for (const child of parsed.manifests ?? []) {
                const childManifest = await this.source.client.getManifest(this.source.repository, child.digest);
                if (!childManifest)
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`The source index names ${child.digest}, which the source registry does not have.`);
                await this.copyContents(childManifest);
                await this.target.client.putManifest(this.target.repository, child.digest, childManifest.body, childManifest.mediaType);
            }
            return;
        }
        const blobs = [...(parsed.config ? [parsed.config] : []), ...(parsed.layers ?? [])];
        await pool(blobs, this.concurrency, blob => this.copyBlob(blob));
    }
}
/** The targets of both lists, in writing order (guarded first), each once; one tag cannot be both. */
function collectTargets(targets, floating) {
    const seen = new Map();
    const collected = [];
    for (const [list, isFloating] of [
        [targets, false],
        [floating, true]
    ]) {
        for (const reference of list) {
            const target = parseTarget(reference);
            const key = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .withTag */ .Rd)(target, target.tag);
            if (seen.has(key)) {
                if (seen.get(key) !== isFloating) {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${reference} is in both targets and floating-targets: a tag is either never moved or always moved. Nothing was promoted.`);
                }
                continue;
            }
            seen.set(key, isFloating);
            collected.push({ reference, floating: isFloating, target });
        }
    }
    if (collected.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y('No targets given: list at least one tagged reference in `targets` or `floating-targets`.');
    return collected;
}
/**
 * Proves we may push to a repository before anything is written: an upload session is opened (the
 * request that needs push rights, whatever the auth scheme) and closed again.
 */
async function checkPushAccess(client, repository) {
    let session;
    try {
        session = await client.request('POST', `/v2/${repository}/blobs/uploads/`, {
            scopes: [_client_js__WEBPACK_IMPORTED_MODULE_3__/* .RegistryClient */ .bP.push(repository)],
            ok: [201, 202]
        });
    }
    catch (error) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`No push access to ${client.registry}/${repository} (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}). Nothing was promoted.`);
    }
    await session.body?.cancel();
    const location = session.headers.get('location');
    if (!location)
        return;
    await client
        .request('DELETE', new URL(location, client.baseUrl).toString(), {
        scopes: [_client_js__WEBPACK_IMPORTED_MODULE_3__/* .RegistryClient */ .bP.push(repository)],
        ok: [404, 405]
    })
        .then(response => response.body?.cancel(), () => undefined // an abandoned session expires on its own
    );
}
/**
 * Puts a tag this promotion wrote back as it was: the previous manifest's bytes again, or, for a tag
 * that did not exist, a tag deletion (which not every registry offers). A tag that does not hold the
 * promoted digest (never written, or written by someone else since) is left alone. Anything else
 * returned says, in words, what is left wrong.
 */
async function restore(plan, digest) {
    const { client, target, reference } = plan;
    try {
        const current = await client.headManifest(target.repository, target.tag);
        if (current?.digest !== digest)
            return 'left alone';
        if (plan.previous) {
            await client.putManifest(target.repository, target.tag, plan.previous.body, plan.previous.mediaType);
            const now = await client.headManifest(target.repository, target.tag);
            if (now?.digest === plan.previous.digest)
                return 'restored';
            return `${reference} could not be put back on ${plan.previous.digest} (it reads ${now?.digest ?? 'missing'})`;
        }
        // By tag only: deleting by digest would remove the manifest and every other tag on it.
        const response = await client.request('DELETE', `/v2/${target.repository}/manifests/${target.tag}`, {
            scopes: [_client_js__WEBPACK_IMPORTED_MODULE_3__/* .RegistryClient */ .bP.push(target.repository)],
            ok: [400, 404, 405]
        });
        await response.body?.cancel();
        if (!(await client.headManifest(target.repository, target.tag)))
            return 'restored';
        return `${reference} did not exist before and could not be removed (the registry does not delete tags, HTTP ${response.status}); it still points at ${digest}`;
    }
    catch (error) {
        return `${reference} could not be put back: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(error)}`;
    }
}
/**
 * Makes every target tag point at the source's digest, moving as few bytes as possible: a manifest PUT
 * within a repository, cross-repository mounts within a registry, streamed copies of missing blobs
 * across registries. All or nothing: every target is checked (existing tags, push access) before any
 * is written, and when a write still fails, the tags already written are put back. Each tag is written
 * last, after all its blobs and child manifests, and read back.
 */
async function promoteImage(options) {
    const started = Date.now();
    const log = options.log ?? (() => undefined);
    if (options.expectedDigest && !(0,_image_reference_js__WEBPACK_IMPORTED_MODULE_2__/* .isValidDigest */ .fH)(options.expectedDigest)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`expected-digest "${options.expectedDigest}" is not a digest (sha256:<64 hex>).`);
    }
    const targets = collectTargets(options.targets, options.floatingTargets ?? []);
    const source = typeof options.source === 'string'
        ? await resolveSource(options.source, options.registry)
        : options.source;
    const sourceClient = (0,_index_js__WEBPACK_IMPORTED_MODULE_4__/* .clientFor */ .$V)(source.ref.registry, options.registry);
    const { digest } = source;
    log(`source ${source.reference} is ${digest}`);
    if (options.expectedDigest && options.expectedDigest !== digest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`Source ${source.reference} resolves to ${digest}, not the expected ${options.expectedDigest}: the tag moved since it was tested. Nothing was promoted.`);
    }
    // Plan: read every target (keeping what it holds, to put it back if needed) before writing any.
    const plans = [];
    const refusals = [];
    for (const { reference, floating, target } of targets) {
        const client = (0,_index_js__WEBPACK_IMPORTED_MODULE_4__/* .clientFor */ .$V)(target.registry, options.registry);
        const previous = await client.getManifest(target.repository, target.tag);
        if (previous && previous.digest !== digest && !floating && !options.allowOverwrite) {
            refusals.push(`${reference} already points at ${previous.digest}, not ${digest}`);
        }
        const mode = target.registry !== source.ref.registry
            ? 'cross-registry copy'
            : target.repository !== source.ref.repository
                ? 'cross-repository mount'
                : 'same repository';
        plans.push({ reference, floating, target, client, previous, mode });
    }
    if (refusals.length > 0) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${refusals.join('; ')}. Refusing to move ${refusals.length === 1 ? 'it' : 'them'}: these are targets, which stay ` +
            'on their digest; list tags that should follow every promotion in floating-targets, or set allow-overwrite: true. Nothing was promoted.');
    }
    const writes = plans.filter(plan => plan.previous?.digest !== digest);
    // With one write there is nothing to be half-done; with several, a refused push must come first.
    if (!options.dryRun && writes.length > 1) {
        const repositories = new Map(writes.map(plan => [`${plan.target.registry}/${plan.target.repository}`, plan]));
        for (const plan of repositories.values())
            await checkPushAccess(plan.client, plan.target.repository);
    }
    const results = [];
    const written = [];
    let failure;
    for (const plan of plans) {
        const result = {
            reference: plan.reference,
            floating: plan.floating,
            action: 'skipped',
            mode: plan.mode,
            previousDigest: plan.previous?.digest,
            blobs: { present: 0, mounted: 0, copied: 0 },
            bytesUploaded: 0
        };
        results.push(result);
        if (failure)
            continue;
        if (plan.previous?.digest === digest)
            result.action = 'unchanged';
        else if (options.dryRun)
            result.action = plan.previous ? 'would move' : 'would create';
        else {
            const before = plan.client.bytesUploaded;
            const copier = new TreeCopier({ client: sourceClient, repository: source.ref.repository }, { client: plan.client, repository: plan.target.repository }, plan.mode, options.concurrency ?? 4);
            result.blobs = copier.blobs;
            try {
                if (plan.mode !== 'same repository')
                    await copier.copyContents(source);
                await plan.client.putManifest(plan.target.repository, plan.target.tag, source.body, source.mediaType);
                const now = await plan.client.headManifest(plan.target.repository, plan.target.tag);
                if (now?.digest !== digest) {
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${plan.reference} reads back as ${now?.digest ?? 'missing'} after writing ${digest}.`);
                }
                result.action = plan.previous ? 'moved' : 'created';
                written.push({ plan, result });
            }
            catch (error) {
                result.action = 'failed';
                failure = { plan, result, error };
            }
            finally {
                result.bytesUploaded = plan.client.bytesUploaded - before;
            }
        }
        log(`${plan.reference}: ${result.action} (${plan.mode})`);
    }
    const outcome = {
        source: source.reference,
        digest,
        mediaType: source.mediaType,
        targets: results,
        bytesUploaded: results.reduce((sum, result) => sum + result.bytesUploaded, 0),
        seconds: 0
    };
    if (failure) {
        // Put back what this promotion wrote, newest first; the failed target too, in case its write
        // landed although the request failed.
        const leftOver = [];
        const failed = await restore(failure.plan, digest);
        if (failed !== 'restored' && failed !== 'left alone')
            leftOver.push(failed);
        for (const { plan, result } of written.reverse()) {
            const restored = await restore(plan, digest);
            if (restored === 'restored')
                result.action = 'restored';
            else if (restored !== 'left alone')
                leftOver.push(restored);
            log(`${plan.reference}: ${result.action}`);
        }
        const message = `Promoting ${digest} to ${failure.plan.reference} failed: ${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .g)(failure.error)}. ` +
            (leftOver.length > 0
                ? `Not everything could be put back: ${leftOver.join('; ')}.`
                : written.length > 0
                    ? 'Every target written before it was put back as it was.'
                    : 'No other target had been written.');
        outcome.failure = message;
        outcome.seconds = (Date.now() - started) / 1000;
        throw new PromotionError(message, outcome);
    }
    outcome.seconds = (Date.now() - started) / 1000;
    return outcome;
}


/***/ })

};
