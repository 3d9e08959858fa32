export const id = 953;
export const ids = [953];
export const modules = {

/***/ 3953:
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
// EXTERNAL MODULE: ./src/lib/registry/index.ts
var lib_registry = __webpack_require__(6471);
// EXTERNAL MODULE: ./src/lib/registry/promote.ts
var promote = __webpack_require__(9591);
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

// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/inputs.ts
var inputs = __webpack_require__(1662);
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
    if (targets.length === 0)
        throw new errors/* UserError */.y('Input "targets" is required: one or more tagged references.');
    const sourceRegistry = (0,reference/* parseReference */.F2)(source).registry;
    const targetRegistries = targets.map(target => (0,reference/* parseReference */.F2)(target).registry);
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
    const source = (0,reference/* parseReference */.F2)(inputs.source);
    if (inputs.requireGate) {
        await core/* group */.Os('Vulnerability gate record', async () => {
            const digest = source.digest ?? (await (0,lib_registry/* resolveDigest */.j)(inputs.source, inputs.registry));
            const record = await (0,gate_record/* requirePassedGate */.xR)((0,registry/* gateRegistry */.X)(source, inputs.registry), digest);
            core/* info */.pq(`${digest} passed ${record.scanner} (threshold ${record.severityThreshold}) at ${record.scannedAt}`);
        });
    }
    const result = await core/* group */.Os(inputs.dryRun ? 'Promotion plan (dry run)' : 'Promote', () => (0,promote/* promoteImage */.k)({
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
        const sourceGate = (0,registry/* gateRegistry */.X)(source, inputs.registry);
        const seen = new Set([`${source.registry}/${source.repository}`]);
        for (const target of result.targets.map(t => (0,reference/* parseReference */.F2)(t.reference))) {
            const key = `${target.registry}/${target.repository}`;
            if (seen.has(key))
                continue;
            seen.add(key);
            const manifest = await (0,registry/* gateRegistry */.X)(target, inputs.registry).getManifest(result.digest);
            subject.size = manifest?.body.length ?? 0;
            const copied = await (0,gate_record/* copyGateRecords */.Vp)(sourceGate, (0,registry/* gateRegistry */.X)(target, inputs.registry), subject);
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

/***/ 1570:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Kt: () => (/* binding */ attachGateRecord),
/* harmony export */   Vp: () => (/* binding */ copyGateRecords),
/* harmony export */   xR: () => (/* binding */ requirePassedGate)
/* harmony export */ });
/* unused harmony exports GATE_ARTIFACT_TYPE, OCI_MANIFEST, OCI_INDEX, sha256, referrersTag, gateArtifact, findGateRecords */
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(7268);


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
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${registry.name}@${subject} has no vulnerability gate record, so it is not promoted. Build it with the ` +
            'pipeline (scan-image with record-gate: true writes the record), or set require-gate: false to promote ungated images.');
    }
    const [latest] = records;
    if (!latest.passed) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_1__/* .UserError */ .y(`${registry.name}@${subject} failed its vulnerability gate (${latest.scanner}, threshold ${latest.severityThreshold}, ` +
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
/* harmony export */   k: () => (/* binding */ promoteImage)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _image_reference_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(6292);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(1904);
/* harmony import */ var _index_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(6471);




function parseTarget(text) {
    const ref = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReference */ .F2)(text);
    if (!ref.tag || ref.digest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`Target "${text}" must be a tagged reference (e.g. ghcr.io/acme/app:staging), without a digest.`);
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
        if (_client_js__WEBPACK_IMPORTED_MODULE_2__/* .INDEX_TYPES */ .V.includes(manifest.mediaType) || parsed.manifests) {
            for (const child of parsed.manifests ?? []) {
                const childManifest = await this.source.client.getManifest(this.source.repository, child.digest);
                if (!childManifest)
                    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`The source index names ${child.digest}, which the source registry does not have.`);
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
    if (options.expectedDigest && !(0,_image_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .isValidDigest */ .fH)(options.expectedDigest)) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`expected-digest "${options.expectedDigest}" is not a digest (sha256:<64 hex>).`);
    }
    const source = (0,_image_reference_js__WEBPACK_IMPORTED_MODULE_1__/* .parseReference */ .F2)(options.source);
    const targets = options.targets.map(parseTarget);
    if (targets.length === 0)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y('No targets given: list at least one tagged reference in `targets`.');
    const sourceClient = (0,_index_js__WEBPACK_IMPORTED_MODULE_3__/* .clientFor */ .$V)(source.registry, options.registry);
    const manifest = await sourceClient.getManifest(source.repository, source.digest ?? source.tag ?? 'latest');
    if (!manifest)
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`Source ${options.source} does not exist in the registry.`);
    const { digest } = manifest;
    log(`source ${options.source} is ${digest}`);
    if (options.expectedDigest && options.expectedDigest !== digest) {
        throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`Source ${options.source} resolves to ${digest}, not the expected ${options.expectedDigest}: the tag moved since it was tested. Nothing was promoted.`);
    }
    // Check every target before writing any, so a refusal never leaves a half-done promotion.
    const plans = [];
    for (const [index, target] of targets.entries()) {
        const client = (0,_index_js__WEBPACK_IMPORTED_MODULE_3__/* .clientFor */ .$V)(target.registry, options.registry);
        const existing = await client.headManifest(target.repository, target.tag);
        if (existing && existing.digest !== digest && !options.allowOverwrite) {
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`${options.targets[index]} already points at ${existing.digest}, not ${digest}. Refusing to move it; set allow-overwrite: true to move it. Nothing was promoted.`);
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
                throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`${plan.reference} reads back as ${written?.digest ?? 'missing'} after writing ${digest}.`);
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


/***/ })

};
