export const id = 536;
export const ids = [536];
export const modules = {

/***/ 5536:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

// ESM COMPAT FLAG
__webpack_require__.r(__webpack_exports__);

// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  STATE_VERIFY_RUN: () => (/* binding */ STATE_VERIFY_RUN),
  main: () => (/* binding */ main),
  post: () => (/* binding */ post)
});

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 10 modules
var core = __webpack_require__(7264);
// EXTERNAL MODULE: ./src/lib/docker/frontend.ts
var frontend = __webpack_require__(8070);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __webpack_require__(7268);
// EXTERNAL MODULE: ./src/lib/outputs.ts
var outputs = __webpack_require__(4377);
;// CONCATENATED MODULE: ./src/lib/dockerflow/requirements.ts
const REQUIREMENTS = {
    user: { level: 'required', title: 'Default USER is app (uid 10001)' },
    'uid-gid': { level: 'required', title: 'app is uid 10001 / gid 10001 in /etc/passwd and /etc/group' },
    'entrypoint-cmd': { level: 'required', title: 'Both ENTRYPOINT and CMD are set' },
    'version-json': { level: 'required', title: '/app/version.json has source, version, commit, build' },
    'version-commit': { level: 'required', title: 'version.json commit is the commit being built' },
    'app-dir': { level: 'recommended', title: 'Sources live under /app (WORKDIR /app)' },
    'expose-8000': { level: 'recommended', title: 'EXPOSE 8000' },
    'listens-on-port': { level: 'required', title: 'Listens on $PORT (configured by environment only)' },
    'version-endpoint': { level: 'required', title: 'GET /__version__ returns version.json' },
    lbheartbeat: { level: 'required', title: 'GET /__lbheartbeat__ is 200' },
    heartbeat: { level: 'required', title: 'GET /__heartbeat__ is 200, or 5xx with a JSON body' },
    'heartbeat-healthy': { level: 'recommended', title: 'GET /__heartbeat__ reports every backing check ok' },
    'logs-stdout': { level: 'recommended', title: 'Logs go to stdout/stderr' },
    mozlog: { level: 'recommended', title: 'Log lines are mozlog JSON' },
    'one-process': { level: 'recommended', title: 'The container runs one process' }
};
const STATIC_REQUIREMENTS = (/* unused pure expression or super */ null && ([
    'user',
    'uid-gid',
    'entrypoint-cmd',
    'version-json',
    'version-commit',
    'app-dir',
    'expose-8000'
]));
const RUNTIME_REQUIREMENTS = (/* unused pure expression or super */ null && ([
    'listens-on-port',
    'version-endpoint',
    'lbheartbeat',
    'heartbeat',
    'heartbeat-healthy',
    'logs-stdout',
    'mozlog',
    'one-process'
]));
/** A result for a requirement: met -> pass; not met -> fail (required) or warn (recommended). */
function judge(id, met, detail) {
    const { level, title } = REQUIREMENTS[id];
    const status = met ? 'pass' : level === 'required' ? 'fail' : 'warn';
    return { id, title, level, status, detail };
}
function skipped(id, why) {
    const { level, title } = REQUIREMENTS[id];
    return { id, title, level, status: 'skip', detail: why };
}
/** `fail-on: required` fails on unmet required requirements; `recommended` on warnings too. */
function requirements_verdict(results, failOn) {
    const failed = results.filter(result => result.status === 'fail').map(result => result.id);
    const warnings = results.filter(result => result.status === 'warn').map(result => result.id);
    return { passed: failed.length === 0 && (failOn === 'required' || warnings.length === 0), failed, warnings };
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: external "node:os"
var external_node_os_ = __webpack_require__(8161);
// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./src/lib/exec.ts
var exec = __webpack_require__(766);
;// CONCATENATED MODULE: ./src/lib/dockerflow/cleanup.ts





/** Label on every container a verify run starts; its value is the run's id. */
const VERIFY_LABEL = 'io.github.docker-actions.verify-image';
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/**
 * An id for one verify run: the workflow run's id (for people reading `docker ps`) and random
 * bytes, so two jobs sharing an engine (self-hosted runners) never remove each other's containers.
 */
function newRunId(workflowRunId) {
    const random = (0,external_node_crypto_.randomBytes)(6).toString('hex');
    return workflowRunId && /^\d{1,20}$/.test(workflowRunId) ? `${workflowRunId}-${random}` : random;
}
function labelFor(runId) {
    if (!RUN_ID.test(runId))
        throw new Error(`not a verify run id: ${JSON.stringify(runId)}`);
    return `${VERIFY_LABEL}=${runId}`;
}
/** Removes every container (running or not) labelled with this run's id; returns their IDs. */
async function removeRunContainers(docker, runId) {
    const listed = await (0,exec/* runCommand */.d)(docker, ['ps', '--all', '--quiet', '--no-trunc', '--filter', `label=${labelFor(runId)}`], { silent: true });
    if (listed.exitCode !== 0)
        throw new Error(`could not list the verify run's containers: ${(0,exec/* tail */.R)(listed.stderr, 3)}`);
    const ids = listed.stdout
        .split('\n')
        .map(line => line.trim())
        .filter(Boolean);
    if (ids.length === 0)
        return [];
    const removed = await (0,exec/* runCommand */.d)(docker, ['rm', '--force', '--volumes', ...ids], { silent: true });
    if (removed.exitCode !== 0)
        throw new Error(`could not remove the verify run's containers: ${(0,exec/* tail */.R)(removed.stderr, 3)}`);
    return ids;
}
/**
 * While a container runs: on SIGINT/SIGTERM (a cancelled job), remove this run's containers, then
 * exit as the signal would have (128 + its number). Without this, Node dies on the signal and
 * leaves the container running on the runner. Returns the function that uninstalls the handler.
 */
function removeOnSignal(docker, runId, options = {}) {
    const log = options.log ?? (() => { });
    let handling = false;
    const handler = (signal) => {
        // The runner sends SIGINT, then SIGTERM a few seconds later: the second must not cut the first short.
        if (handling)
            return;
        handling = true;
        log(`received ${signal}: removing the verify container before exiting`);
        void (async () => {
            try {
                await Promise.race([options.inFlight?.()?.catch(() => undefined), (0,promises_.setTimeout)(15_000)]);
                const ids = await removeRunContainers(docker, runId);
                log(`removed ${ids.length} container(s) of verify run ${runId}`);
            }
            catch (error) {
                log(`could not remove the verify container: ${(0,errors/* errorMessage */.g)(error)}`);
            }
            finally {
                process.exit(128 + external_node_os_.constants.signals[signal]);
            }
        })();
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
        process.off('SIGINT', handler);
        process.off('SIGTERM', handler);
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/exec/lib/exec.js + 5 modules
var lib_exec = __webpack_require__(2876);
// EXTERNAL MODULE: ./node_modules/tar-stream/index.js
var tar_stream = __webpack_require__(6118);
;// CONCATENATED MODULE: ./src/lib/docker/container-files.ts




/**
 * Streams `docker cp <container>:<path> -` (a tar) and lists what it holds, keeping the content of
 * small files only, so a large /app never sits in memory. Undefined when the path does not exist.
 */
async function copyFromContainer(docker, container, path, maxContentBytes = 1024 * 1024) {
    const entries = [];
    const parser = (0,tar_stream.extract)();
    const parsed = new Promise((resolve, reject) => {
        parser.on('entry', (header, stream, next) => {
            const entry = { name: header.name, type: header.type ?? 'file', size: header.size ?? 0 };
            entries.push(entry);
            const keep = entry.type === 'file' && entry.size <= maxContentBytes;
            const chunks = [];
            stream.on('data', (chunk) => {
                if (keep)
                    chunks.push(chunk);
            });
            stream.on('end', () => {
                if (keep)
                    entry.content = Buffer.concat(chunks);
                next();
            });
            stream.resume();
        });
        parser.on('finish', resolve);
        parser.on('error', reject);
    });
    let stderr = '';
    const exitCode = await lib_exec/* exec */.m(docker, ['cp', `${container}:${path}`, '-'], {
        silent: true,
        ignoreReturnCode: true,
        listeners: {
            stdout: (chunk) => parser.write(chunk),
            stderr: (chunk) => (stderr += chunk.toString('utf8'))
        }
    });
    parser.end(undefined);
    if (exitCode !== 0) {
        parsed.catch(() => undefined); // an empty tar is no news when the copy failed
        if (/no such file or directory|could not find the file|no such container:path/i.test(stderr))
            return undefined;
        throw new errors/* UserError */.y(`docker cp ${path} out of the image failed: ${(0,exec/* tail */.R)(stderr, 5)}`);
    }
    await parsed;
    return entries;
}
/** Creates (never starts) a container from an image, hands its ID to `use`, and always removes it. */
async function withCreatedContainer(docker, image, use, 
/** More `docker create` options, e.g. a label by which a cancelled run's container is found. */
createArgs = []) {
    // An entrypoint override keeps `create` working for images without ENTRYPOINT or CMD.
    const created = await (0,exec/* runCommand */.d)(docker, ['create', ...createArgs, '--entrypoint', '/', image], {
        silent: true
    });
    if (created.exitCode !== 0)
        throw new errors/* UserError */.y(`Could not create a container from ${image}: ${(0,exec/* tail */.R)(created.stderr, 5)}`);
    const container = created.stdout.trim();
    try {
        return await use(container);
    }
    finally {
        await (0,exec/* runCommand */.d)(docker, ['rm', '--force', container], { silent: true });
    }
}

// EXTERNAL MODULE: ./src/lib/docker/pull.ts
var docker_pull = __webpack_require__(9197);
// EXTERNAL MODULE: ./src/lib/image/reference.ts
var reference = __webpack_require__(6292);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __webpack_require__(7030);
;// CONCATENATED MODULE: ./src/lib/dockerflow/static-checks.ts

const APP_UID = 10001;
const APP_GID = 10001;
const VERSION_JSON_PATH = '/app/version.json';
const VERSION_JSON_FIELDS = ['source', 'version', 'commit', 'build'];
/** `name:x:uid:gid:…` (passwd) or `name:x:gid:members` (group). */
function parseAccounts(text, kind) {
    return text.split('\n').flatMap(line => {
        const fields = line.trim().split(':');
        if (fields.length < 3 || fields[0] === '' || line.trim().startsWith('#'))
            return [];
        const id = Number(fields[2]);
        const gid = kind === 'passwd' ? Number(fields[3]) : undefined;
        return Number.isInteger(id) ? [{ name: fields[0], id, gid }] : [];
    });
}
function checkUser(user, passwd) {
    const [name = '', group] = (user ?? '').split(':');
    if (name === '' || name === 'root' || name === '0')
        return judge('user', false, `USER is ${name === '' ? 'unset' : name}, so the app runs as root; add USER app`);
    const account = /^\d+$/.test(name)
        ? passwd.find(entry => entry.id === Number(name))
        : passwd.find(entry => entry.name === name);
    const uid = /^\d+$/.test(name) ? Number(name) : account?.id;
    const isApp = (account?.name ?? name) === 'app' || (uid === APP_UID && account === undefined);
    const groupOk = group === undefined || group === 'app' || group === String(APP_GID);
    return judge('user', isApp && uid === APP_UID && groupOk, `USER is ${user}` +
        (uid === undefined ? ' (not in /etc/passwd)' : ` (uid ${uid})`) +
        (isApp && uid === APP_UID && groupOk ? '' : `; expected app with uid ${APP_UID}, gid ${APP_GID}`));
}
function checkAccounts(files) {
    if (files.passwd === undefined)
        return judge('uid-gid', false, 'the image has no /etc/passwd');
    const app = parseAccounts(files.passwd, 'passwd').find(entry => entry.name === 'app');
    const group = parseAccounts(files.group ?? '', 'group').find(entry => entry.name === 'app');
    const problems = [];
    if (!app)
        problems.push('no app user in /etc/passwd');
    else {
        if (app.id !== APP_UID)
            problems.push(`app has uid ${app.id}, not ${APP_UID}`);
        if (app.gid !== APP_GID)
            problems.push(`app has primary gid ${app.gid}, not ${APP_GID}`);
    }
    if (files.group === undefined)
        problems.push('the image has no /etc/group');
    else if (!group)
        problems.push('no app group in /etc/group');
    else if (group.id !== APP_GID)
        problems.push(`group app has gid ${group.id}, not ${APP_GID}`);
    return judge('uid-gid', problems.length === 0, problems.join('; ') || `app:${APP_UID}:${APP_GID} in /etc/passwd, app:${APP_GID} in /etc/group`);
}
function checkEntrypoint(config) {
    const entrypoint = config.Entrypoint ?? [];
    const cmd = config.Cmd ?? [];
    const missing = [entrypoint.length === 0 && 'ENTRYPOINT', cmd.length === 0 && 'CMD'].filter(Boolean);
    return judge('entrypoint-cmd', missing.length === 0, missing.length === 0
        ? `ENTRYPOINT ${JSON.stringify(entrypoint)}, CMD ${JSON.stringify(cmd)}`
        : `${missing.join(' and ')} not set (ENTRYPOINT ${JSON.stringify(entrypoint)}, CMD ${JSON.stringify(cmd)})`);
}
/** Parses version.json; the problems list is empty when it has every Dockerflow field as a string. */
function parseVersionJson(text) {
    if (text === undefined)
        return { problems: [`${VERSION_JSON_PATH} does not exist`] };
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return { problems: [`${VERSION_JSON_PATH} is not valid JSON`] };
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return { problems: [`${VERSION_JSON_PATH} is not a JSON object`] };
    const record = value;
    const missing = VERSION_JSON_FIELDS.filter(field => typeof record[field] !== 'string');
    return { value: record, problems: missing.length ? [`missing or not a string: ${missing.join(', ')}`] : [] };
}
function checkVersionJson(files, expectedCommit) {
    const { value, problems } = parseVersionJson(files.versionJson);
    const versionResult = judge('version-json', problems.length === 0, problems.join('; ') ||
        VERSION_JSON_FIELDS.map(field => `${field}=${JSON.stringify(value?.[field])}`).join(', '));
    let commitResult;
    if (!expectedCommit)
        commitResult = skipped('version-commit', 'no commit given to compare with');
    else if (!value)
        commitResult = judge('version-commit', false, 'no readable version.json');
    else
        commitResult = judge('version-commit', value.commit === expectedCommit, value.commit === expectedCommit
            ? `commit ${expectedCommit}`
            : `version.json says commit ${JSON.stringify(value.commit)}, the build is ${expectedCommit}`);
    return [versionResult, commitResult];
}
function checkAppDir(config, files) {
    const workdir = config.WorkingDir || '/';
    const underApp = workdir === '/app' || workdir.startsWith('/app/');
    const hasSources = (files.appEntries ?? 0) > 0;
    const problems = [
        !underApp && `WORKDIR is ${workdir}`,
        files.appEntries === undefined
            ? '/app does not exist'
            : !hasSources && '/app holds nothing but version.json'
    ].filter(Boolean);
    return judge('app-dir', problems.length === 0, problems.join('; ') || `WORKDIR ${workdir}, ${files.appEntries} entries under /app`);
}
function checkExpose(config) {
    const ports = Object.keys(config.ExposedPorts ?? {});
    return judge('expose-8000', ports.includes('8000/tcp'), ports.length ? `EXPOSE ${ports.join(' ')}` : 'no EXPOSE');
}
/** Every requirement that can be checked from the image config and filesystem alone. */
function staticChecks(config, files, expectedCommit) {
    return [
        checkUser(config.User, parseAccounts(files.passwd ?? '', 'passwd')),
        checkAccounts(files),
        checkEntrypoint(config),
        ...checkVersionJson(files, expectedCommit),
        checkAppDir(config, files),
        checkExpose(config)
    ];
}

;// CONCATENATED MODULE: ./src/lib/dockerflow/sandbox.ts


const DEFAULT_SANDBOX = { memory: '512m', cpus: '1', pidsLimit: 256, readOnly: true };
/** Who runs the app when the image's own USER is root: the Dockerflow `app` account. */
const FALLBACK_USER = `${APP_UID}:${APP_GID}`;
const MEMORY = /^([1-9]\d{0,12})([bkmg]?)$/i;
const UNITS = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 };
/** docker refuses less than this. */
const MIN_MEMORY = 6 * 1024 ** 2;
const CPUS = /^(?:\d{1,3})(?:\.\d{1,3})?$/;
/**
 * Fails closed on a limit docker would misread or that would lift the limit (0 means none to
 * docker). Messages name docker's flags, which are also verify-image's input names.
 */
function validateSandbox(sandbox) {
    const memory = MEMORY.exec(sandbox.memory);
    if (!memory || Number(memory[1]) * UNITS[memory[2].toLowerCase()] < MIN_MEMORY)
        throw new errors/* UserError */.y(`"memory" must be at least 6m: a number with an optional unit b, k, m or g (e.g. 512m); got "${sandbox.memory}".`);
    if (!CPUS.test(sandbox.cpus) || Number(sandbox.cpus) <= 0)
        throw new errors/* UserError */.y(`"cpus" must be a positive number (e.g. 1 or 0.5), got "${sandbox.cpus}".`);
    if (!Number.isInteger(sandbox.pidsLimit) || sandbox.pidsLimit < 1)
        throw new errors/* UserError */.y(`"pids-limit" must be a whole number of at least 1, got "${sandbox.pidsLimit}".`);
    return sandbox;
}
/**
 * The user to run the image as: its configured USER when that is not root (the app runs as in
 * production), else app's 10001:10001, so an image that forgot `USER app` is still never run as
 * root here. The `user` requirement is judged from the image config, not from this.
 * A user or group that resolves to id 0 counts as root. A name that is not in /etc/passwd is
 * passed on unchanged: docker refuses to start it, as it would in production.
 */
function runAs(configUser, files) {
    const raw = (configUser ?? '').trim();
    const [name = '', group] = raw.split(':');
    const fallback = (why) => ({
        user: FALLBACK_USER,
        reason: `${why}: runs as ${FALLBACK_USER} here`
    });
    if (name === '')
        return fallback('the image sets no USER (root)');
    const passwd = parseAccounts(files.passwd ?? '', 'passwd');
    const groups = parseAccounts(files.group ?? '', 'group');
    const account = /^\d+$/.test(name) ? undefined : passwd.find(entry => entry.name === name);
    const uid = /^\d+$/.test(name) ? Number(name) : name === 'root' ? 0 : account?.id;
    if (uid === 0)
        return fallback(`the image's USER ${raw} is root`);
    let gid;
    if (group === undefined || group === '')
        gid = account?.gid;
    else if (/^\d+$/.test(group))
        gid = Number(group);
    else
        gid = group === 'root' ? 0 : groups.find(entry => entry.name === group)?.id;
    if (gid === 0)
        return fallback(`the image's USER ${raw} runs with the root group`);
    return { user: raw, reason: `runs as the image's USER ${raw}` };
}
/**
 * `docker run` flags that confine the container; `label` marks it as this verify run's, so a
 * signal handler or the post step can find and remove it.
 */
function sandboxArgs(sandbox, user, label) {
    validateSandbox(sandbox);
    return [
        '--label',
        label,
        '--user',
        user,
        '--cap-drop',
        'ALL',
        '--security-opt',
        'no-new-privileges',
        '--memory',
        sandbox.memory,
        // Equal to --memory: no swap on top of the limit.
        '--memory-swap',
        sandbox.memory,
        '--cpus',
        sandbox.cpus,
        '--pids-limit',
        String(sandbox.pidsLimit),
        ...(sandbox.readOnly ? ['--read-only', '--tmpfs', '/tmp:rw,nosuid,nodev,size=64m'] : [])
    ];
}

// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __webpack_require__(7975);
;// CONCATENATED MODULE: ./src/lib/dockerflow/runtime-checks.ts



const ENDPOINTS = ['/__version__', '/__lbheartbeat__', '/__heartbeat__'];
const MOZLOG_FIELDS = ['Timestamp', 'Type', 'Logger', 'Fields'];
function isMozlogLine(line) {
    try {
        const value = JSON.parse(line);
        if (typeof value !== 'object' || value === null || Array.isArray(value))
            return false;
        return MOZLOG_FIELDS.every(field => field in value);
    }
    catch {
        return false;
    }
}
function lines(text) {
    return text.split('\n').filter(line => line.trim() !== '');
}
function clip(text, length = 120) {
    const flat = text.replace(/\s+/g, ' ').trim();
    return flat.length > length ? `${flat.slice(0, length)}…` : flat;
}
function describe(response) {
    if (!response)
        return 'not requested';
    if ('error' in response)
        return response.error;
    return `${response.status} (${response.contentType || 'no content type'}) ${clip(response.body, 80)}`;
}
function parseJson(text) {
    try {
        return JSON.parse(text);
    }
    catch {
        return undefined;
    }
}
function checkListening(observed) {
    const seconds = (observed.waitedMs / 1000).toFixed(1);
    if (observed.listening)
        return judge('listens-on-port', true, `answered on PORT=${observed.port} after ${seconds}s`);
    if (observed.startError)
        return judge('listens-on-port', false, `the container did not start: ${observed.startError}`);
    const why = observed.exitCode !== undefined
        ? `the container exited with code ${observed.exitCode} before answering on PORT=${observed.port}` +
            (observed.oomKilled
                ? ` (killed for exceeding its memory limit${observed.memoryLimit ? ` of ${observed.memoryLimit}` : ''})`
                : '') +
            (lines(observed.stdout + '\n' + observed.stderr).length
                ? `; last output: ${clip(lines(`${observed.stdout}\n${observed.stderr}`).slice(-3).join(' | '), 200)}`
                : '')
        : `nothing answered HTTP on PORT=${observed.port} within ${seconds}s`;
    const hint = observed.answeredOn !== undefined
        ? `; port ${observed.answeredOn} answered instead: the app ignores $PORT`
        : observed.port < 1024
            ? '; ports below 1024 need a capability the verify container is not given: use a higher port'
            : '';
    return judge('listens-on-port', false, why + hint);
}
function checkVersionEndpoint(observed) {
    const response = observed.responses['/__version__'];
    if (!response || 'error' in response || response.status !== 200)
        return judge('version-endpoint', false, `GET /__version__: ${describe(response)}`);
    const served = parseJson(response.body);
    const { value: file } = parseVersionJson(observed.versionJson);
    if (served === undefined)
        return judge('version-endpoint', false, 'GET /__version__ is not JSON');
    if (!file)
        return judge('version-endpoint', false, 'the image has no readable /app/version.json to compare with');
    return judge('version-endpoint', (0,external_node_util_.isDeepStrictEqual)(served, file), (0,external_node_util_.isDeepStrictEqual)(served, file)
        ? 'same content as /app/version.json'
        : `GET /__version__ differs from /app/version.json: ${clip(response.body, 100)}`);
}
function checkLbHeartbeat(observed) {
    const response = observed.responses['/__lbheartbeat__'];
    const ok = response !== undefined && !('error' in response) && response.status === 200;
    return judge('lbheartbeat', ok, `GET /__lbheartbeat__: ${describe(response)}`);
}
/** Names of the backing checks a Dockerflow heartbeat body reports as not ok. */
function failedBackingChecks(body) {
    if (typeof body !== 'object' || body === null)
        return [];
    const checks = body.checks;
    if (typeof checks !== 'object' || checks === null)
        return [];
    return Object.entries(checks)
        .filter(([, state]) => {
        const value = typeof state === 'object' && state !== null ? state.status : state;
        return String(value).toLowerCase() !== 'ok';
    })
        .map(([name]) => name);
}
function checkHeartbeat(observed) {
    const response = observed.responses['/__heartbeat__'];
    if (!response || 'error' in response)
        return [
            judge('heartbeat', false, `GET /__heartbeat__: ${describe(response)}`),
            skipped('heartbeat-healthy', 'no heartbeat answer')
        ];
    if (response.status === 200)
        return [
            judge('heartbeat', true, 'GET /__heartbeat__: 200'),
            judge('heartbeat-healthy', true, 'all checks ok')
        ];
    const body = parseJson(response.body);
    if (response.status >= 500 && response.status < 600 && body !== undefined) {
        const failing = failedBackingChecks(body);
        return [
            judge('heartbeat', true, `GET /__heartbeat__: ${response.status} with a JSON body`),
            judge('heartbeat-healthy', false, failing.length
                ? `failing backing checks: ${failing.join(', ')}`
                : `${response.status} without naming a failing check: ${clip(response.body, 100)}`)
        ];
    }
    return [
        judge('heartbeat', false, `GET /__heartbeat__: ${describe(response)}; expected 200, or 5xx with a JSON body naming the failing checks`),
        skipped('heartbeat-healthy', 'the heartbeat answer is not a Dockerflow heartbeat')
    ];
}
function checkLogs(observed) {
    const out = lines(observed.stdout);
    const err = lines(observed.stderr);
    const all = [...out, ...err];
    const logs = judge('logs-stdout', all.length > 0, all.length
        ? `${out.length} line(s) on stdout, ${err.length} on stderr`
        : 'nothing on stdout/stderr while starting and serving requests: does it log to files?');
    if (all.length === 0)
        return [logs, skipped('mozlog', 'no log lines to inspect')];
    const other = all.filter(line => !isMozlogLine(line));
    return [
        logs,
        judge('mozlog', other.length === 0, other.length === 0
            ? `all ${all.length} line(s) are mozlog JSON`
            : `${all.length - other.length} of ${all.length} line(s) are mozlog JSON; e.g. ${clip(other[0])}`)
    ];
}
function checkProcesses(observed) {
    if (!observed.processes)
        return skipped('one-process', 'the container was not running to inspect');
    const count = observed.processes.length;
    return judge('one-process', count === 1, count === 1
        ? `one process: ${clip(observed.processes[0], 80)}`
        : `${count} processes: ${observed.processes.map(command => clip(command, 40)).join(' | ')}`);
}
const HTTP_CHECKS = ['version-endpoint', 'lbheartbeat', 'heartbeat', 'heartbeat-healthy'];
/** Judges every runtime requirement from what was observed. */
function runtimeChecks(observed) {
    const listening = checkListening(observed);
    const http = observed.listening
        ? [checkVersionEndpoint(observed), checkLbHeartbeat(observed), ...checkHeartbeat(observed)]
        : HTTP_CHECKS.map(id => skipped(id, `the app did not answer on PORT=${observed.port}`));
    if (observed.startError)
        return [
            listening,
            ...http,
            ...['logs-stdout', 'mozlog', 'one-process'].map(id => skipped(id, 'the container did not start'))
        ];
    return [listening, ...http, ...checkLogs(observed), checkProcesses(observed)];
}

;// CONCATENATED MODULE: ./src/lib/dockerflow/probe.ts








const HOST = '127.0.0.1';
/** A port nothing listens on right now (the kernel picks it). */
async function freePort() {
    const server = (0,external_node_net_.createServer)();
    await new Promise((resolve, reject) => server.listen(0, HOST, resolve).once('error', reject));
    const address = server.address();
    await new Promise(resolve => server.close(() => resolve()));
    if (typeof address !== 'object' || address === null)
        throw new Error('could not find a free port');
    return address.port;
}
async function httpGet(port, path, timeoutMs = 5000) {
    try {
        const response = await fetch(`http://${HOST}:${port}${path}`, {
            signal: AbortSignal.timeout(timeoutMs),
            redirect: 'manual'
        });
        const body = (await response.text()).slice(0, 1024 * 1024);
        return { status: response.status, contentType: response.headers.get('content-type') ?? '', body };
    }
    catch (error) {
        const cause = error.cause?.code;
        return { error: cause ? `${cause} on port ${port}` : (0,errors/* errorMessage */.g)(error) };
    }
}
async function containerState(docker, name) {
    const result = await (0,exec/* runCommand */.d)(docker, ['inspect', '--format', '{{.State.Running}} {{.State.ExitCode}} {{.State.OOMKilled}}', name], { silent: true });
    const [running, code, oom] = result.stdout.trim().split(' ');
    return { running: running === 'true', exitCode: Number(code), oomKilled: oom === 'true' };
}
/** Commands of the container's processes; transient children (a request being served) are waited out. */
async function steadyProcesses(docker, name) {
    let fewest;
    for (let attempt = 0; attempt < 4; attempt++) {
        const top = await (0,exec/* runCommand */.d)(docker, ['top', name], { silent: true });
        if (top.exitCode !== 0)
            return fewest;
        // ps -ef columns: UID PID PPID C STIME TTY TIME CMD (CMD may contain spaces).
        const commands = top.stdout
            .trim()
            .split('\n')
            .slice(1)
            .map(line => line.trim().split(/\s+/).slice(7).join(' '));
        if (!fewest || commands.length < fewest.length)
            fewest = commands;
        if (fewest.length <= 1)
            break;
        await (0,promises_.setTimeout)(500);
    }
    return fewest;
}
/**
 * Runs the image as a service would be run (PORT from the environment, nothing else), confined
 * (sandbox.ts) and labelled with the run id, waits for it to answer, calls the Dockerflow
 * endpoints, reads its logs and processes, and always removes the container: also when the
 * process is told to stop (cleanup.ts).
 */
async function observeContainer(options) {
    const { docker, image } = options;
    const log = options.log ?? (() => { });
    const port = options.port ?? (await freePort());
    const name = `dockerflow-verify-${(0,external_node_crypto_.randomBytes)(6).toString('hex')}`;
    const env = options.env ?? new Map();
    const envArgs = [...env.keys()].flatMap(key => ['--env', key]);
    const sandbox = options.sandbox ?? DEFAULT_SANDBOX;
    const user = options.user ?? FALLBACK_USER;
    const confine = sandboxArgs(sandbox, user, labelFor(options.runId));
    const observed = {
        port,
        listening: false,
        waitedMs: 0,
        responses: {},
        stdout: '',
        stderr: '',
        versionJson: options.versionJson,
        memoryLimit: sandbox.memory
    };
    // Host networking: the engine may have no bridge, and a free loopback port is how $PORT is tested.
    let starting = (0,exec/* runCommand */.d)(docker, [
        'run',
        '--detach',
        '--network',
        'host',
        '--name',
        name,
        ...confine,
        '--env',
        `PORT=${port}`,
        ...envArgs,
        image
    ], { silent: true, env: Object.fromEntries(env) });
    const unguard = removeOnSignal(docker, options.runId, { log, inFlight: () => starting });
    try {
        const started = await starting;
        starting = undefined;
        if (started.exitCode !== 0) {
            observed.startError = (0,exec/* tail */.R)(started.stderr, 3).replace(/^docker: /, '');
            return observed;
        }
        log(`started ${name} as user ${user} with PORT=${port} (${describeSandbox(sandbox)})`);
        await probe(docker, name, options, observed);
    }
    finally {
        await (0,exec/* runCommand */.d)(docker, ['rm', '--force', '--volumes', name], { silent: true });
        unguard();
        log(`removed ${name}`);
    }
    return observed;
}
function describeSandbox(sandbox) {
    return (`no capabilities, no-new-privileges, memory ${sandbox.memory}, cpus ${sandbox.cpus}, ` +
        `pids ${sandbox.pidsLimit}${sandbox.readOnly ? ', read-only root' : ''}`);
}
/** Waits for the app on $PORT, then records its answers, processes and logs into `observed`. */
async function probe(docker, name, options, observed) {
    const { port } = observed;
    const begin = Date.now();
    const deadline = begin + (options.startupTimeoutMs ?? 30_000);
    while (Date.now() < deadline) {
        const answer = await httpGet(port, '/__lbheartbeat__', 2000);
        if (!('error' in answer)) {
            observed.listening = true;
            break;
        }
        const state = await containerState(docker, name);
        if (!state.running) {
            observed.exitCode = state.exitCode;
            observed.oomKilled = state.oomKilled;
            break;
        }
        await (0,promises_.setTimeout)(250);
    }
    observed.waitedMs = Date.now() - begin;
    if (observed.listening) {
        observed.processes = await steadyProcesses(docker, name);
        for (const endpoint of ENDPOINTS)
            observed.responses[endpoint] = await httpGet(port, endpoint);
    }
    else if (observed.exitCode === undefined) {
        for (const candidate of new Set([...(options.exposedPorts ?? []), 8000, 8080])) {
            if (candidate === port)
                continue;
            if (!('error' in (await httpGet(candidate, '/__lbheartbeat__', 1000)))) {
                observed.answeredOn = candidate;
                break;
            }
        }
    }
    // Give the app a moment to write the log lines of the last request.
    await (0,promises_.setTimeout)(200);
    const logs = await (0,exec/* runCommand */.d)(docker, ['logs', name], { silent: true });
    observed.stdout = logs.stdout;
    observed.stderr = logs.stderr;
}

;// CONCATENATED MODULE: ./src/lib/dockerflow/verify.ts











const IMAGE_ID = /^(sha256:)?[a-f0-9]{12,64}$/;
/** Accepts what `docker run` accepts that we can name safely: a reference, or an image ID. */
function validateImage(image) {
    if (IMAGE_ID.test(image))
        return;
    try {
        (0,reference/* parseReference */.F2)(image);
    }
    catch (error) {
        throw new errors/* UserError */.y(`Input "image" must be an image reference (registry/name:tag or name@sha256:…) or an image ID: ${error.message}`);
    }
}
function parseRequirementIds(ids) {
    const unknown = ids.filter(id => !(id in REQUIREMENTS));
    if (unknown.length)
        throw new errors/* UserError */.y(`Unknown requirement(s) ${unknown.join(', ')}; known: ${Object.keys(REQUIREMENTS).join(', ')}.`);
    return ids;
}
async function inspectImage(docker, image, pull) {
    const inspect = () => (0,exec/* runCommand */.d)(docker, ['image', 'inspect', image], { silent: true });
    let result = await inspect();
    if (result.exitCode !== 0 && pull) {
        const pulled = await (0,docker_pull/* pullImage */.ZP)(docker, image);
        if (pulled.exitCode !== 0)
            throw new errors/* UserError */.y(`Could not pull ${image}: ${(0,exec/* tail */.R)(pulled.stderr, 5)}`);
        result = await inspect();
    }
    if (result.exitCode !== 0)
        throw new errors/* UserError */.y(`The engine has no image ${image}${pull ? '' : ' (pull is off: build it in this job, or set pull: true)'}.`);
    return JSON.parse(result.stdout)[0];
}
const verify_text = (entries) => entries?.find(entry => entry.content !== undefined)?.content?.toString('utf8');
/** Reads what the static checks need from the image's filesystem, without running it. */
async function readImageFiles(docker, image, runId) {
    // Labelled like the runtime container, so a cancelled run's post step removes this one too.
    const createArgs = runId ? ['--label', labelFor(runId)] : [];
    return withCreatedContainer(docker, image, async (container) => {
        const app = await copyFromContainer(docker, container, '/app', 0);
        return {
            passwd: verify_text(await copyFromContainer(docker, container, '/etc/passwd')),
            group: verify_text(await copyFromContainer(docker, container, '/etc/group')),
            versionJson: verify_text(await copyFromContainer(docker, container, VERSION_JSON_PATH)),
            appEntries: app?.filter(entry => !/^app\/?$/.test(entry.name) && entry.name !== 'app/version.json')
                .length
        };
    }, createArgs);
}
function exposedPorts(config) {
    return Object.keys(config.ExposedPorts ?? {}).flatMap(key => {
        const port = Number(key.split('/')[0]);
        return Number.isInteger(port) ? [port] : [];
    });
}
/** Checks an image against the Dockerflow contract: from its config and files, then by running it. */
async function verifyImage(options) {
    validateImage(options.image);
    const sandbox = validateSandbox(options.sandbox ?? DEFAULT_SANDBOX);
    const log = options.log ?? (() => { });
    const scope = options.scope ?? 'all';
    const inspected = await inspectImage(options.docker, options.image, options.pull ?? true);
    const config = inspected.Config ?? {};
    if (options.image !== inspected.Id)
        log(`image ${options.image} is ${inspected.Id}`);
    const runId = options.runId ?? newRunId();
    const files = await readImageFiles(options.docker, inspected.Id, runId);
    const results = [];
    if (scope !== 'runtime')
        results.push(...staticChecks(config, files, options.commit));
    if (scope !== 'static') {
        const user = runAs(config.User, files);
        log(user.reason);
        const observed = await observeContainer({
            docker: options.docker,
            image: inspected.Id,
            port: options.port,
            env: options.env,
            startupTimeoutMs: options.startupTimeoutMs,
            exposedPorts: exposedPorts(config),
            versionJson: files.versionJson,
            runId,
            user: user.user,
            sandbox,
            log
        });
        results.push(...runtimeChecks(observed));
    }
    const skip = new Set(options.skip ?? []);
    return {
        image: options.image,
        imageId: inspected.Id,
        results: results.map(result => skip.has(result.id) ? skipped(result.id, 'skipped by the `skip` input') : result)
    };
}

// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 22 modules
var github = __webpack_require__(2413);
// EXTERNAL MODULE: ./src/lib/inputs.ts
var inputs = __webpack_require__(1662);
;// CONCATENATED MODULE: ./src/actions/verify-image/context.ts






/** The commit being built: the pull request's head, else GITHUB_SHA (what compute-tags writes to version.json). */
function defaultCommit(payload = github/* context */._.payload, env = process.env) {
    const head = payload.pull_request?.head;
    return head?.sha || env.GITHUB_SHA || undefined;
}
/** The limits of the container the runtime checks start (defaults in action.yml; these for unit tests). */
function getSandbox() {
    const pids = (0,inputs/* getOptional */.xX)('pids-limit');
    if (pids !== undefined && !/^\d+$/.test(pids))
        throw new errors/* UserError */.y(`Input "pids-limit" must be a whole number of at least 1, got "${pids}".`);
    const sandbox = {
        memory: (0,inputs/* getOptional */.xX)('memory') ?? DEFAULT_SANDBOX.memory,
        cpus: (0,inputs/* getOptional */.xX)('cpus') ?? DEFAULT_SANDBOX.cpus,
        pidsLimit: pids === undefined ? DEFAULT_SANDBOX.pidsLimit : Number(pids),
        readOnly: (0,inputs/* getBoolean */.pW)('read-only', DEFAULT_SANDBOX.readOnly)
    };
    try {
        return validateSandbox(sandbox);
    }
    catch (error) {
        throw error instanceof errors/* UserError */.y ? new errors/* UserError */.y(`Input ${error.message}`) : error;
    }
}
function getInputs() {
    const image = (0,inputs/* getOptional */.xX)('image');
    if (!image)
        throw new errors/* UserError */.y('Input "image" is required: the image to verify (a reference, or the image ID a build printed).');
    validateImage(image);
    const commitInput = (0,inputs/* getOptional */.xX)('commit');
    const commit = commitInput ?? defaultCommit();
    if (commit && !/^[0-9a-f]{40}$/i.test(commit))
        throw new errors/* UserError */.y(`Input "commit" must be a full 40-character commit SHA, got "${commit}".`);
    const portInput = (0,inputs/* getOptional */.xX)('port');
    const port = portInput === undefined ? undefined : (0,inputs/* getInteger */.XU)('port', 0);
    if (port !== undefined && (port < 1 || port > 65535))
        throw new errors/* UserError */.y(`Input "port" must be a TCP port (1-65535), got "${portInput}".`);
    const env = (0,inputs/* parseKeyValueLines */.FF)(core/* getInput */.V4('env'), 'Input "env"');
    if (env.has('PORT'))
        throw new errors/* UserError */.y('Input "env" must not set PORT: use the "port" input.');
    return {
        image,
        commit: commit?.toLowerCase(),
        scope: (0,inputs/* getChoice */.m)('checks', ['all', 'static', 'runtime'], 'all'),
        failOn: (0,inputs/* getChoice */.m)('fail-on', ['required', 'recommended'], 'required'),
        pull: (0,inputs/* getBoolean */.pW)('pull', true),
        port,
        env,
        startupTimeoutMs: (0,inputs/* getInteger */.XU)('startup-timeout', 30) * 1000,
        skip: parseRequirementIds((0,inputs/* getList */.vS)('skip')),
        sandbox: getSandbox()
    };
}

// EXTERNAL MODULE: ./src/lib/summary.ts
var summary = __webpack_require__(1119);
;// CONCATENATED MODULE: ./src/actions/verify-image/summary.ts


const ICONS = { pass: '✅', fail: '❌', warn: '⚠️', skip: '➖' };
function verdictLine(verdict) {
    if (verdict.passed)
        return verdict.warnings.length
            ? `meets every required Dockerflow requirement; recommended not met: ${verdict.warnings.join(', ')}`
            : 'meets the Dockerflow contract';
    const unmet = [...verdict.failed, ...verdict.warnings];
    return `does not meet the Dockerflow contract: ${unmet.join(', ')}`;
}
async function writeVerifySummary(report, verdict) {
    core/* summary */.z.addHeading('verify-image (Dockerflow)', 3);
    core/* summary */.z.addRaw(`<p>${verdict.passed ? '✅' : '❌'} ${(0,summary/* code */.aY)(report.image)} ${(0,summary/* escapeHtml */.ZD)(verdictLine(verdict))}</p>`, true);
    core/* summary */.z.addTable([
        [
            { data: 'Status', header: true },
            { data: 'Requirement', header: true },
            { data: 'Level', header: true },
            { data: 'Detail', header: true }
        ],
        ...report.results.map(result => [
            ICONS[result.status],
            `${(0,summary/* escapeHtml */.ZD)(result.title)} (${(0,summary/* code */.aY)(result.id)})`,
            result.level,
            (0,summary/* escapeHtml */.ZD)(result.detail)
        ])
    ]);
    await (0,summary/* writeSummary */.Sy)();
}

;// CONCATENATED MODULE: ./src/actions/verify-image/main.ts









/** State: the engine and run id whose labelled containers the post step removes. */
const STATE_VERIFY_RUN = 'verifyRun';
/** verify-image: static checks from the image, then run it and call the Dockerflow endpoints. */
async function main() {
    const inputs = getInputs();
    const docker = await (0,frontend/* detectDockerClient */.Bw)();
    const runId = newRunId(process.env.GITHUB_RUN_ID);
    // Saved before any container exists: a cancelled job still runs the post step, which removes them.
    if (inputs.scope !== 'static')
        core/* saveState */.LZ(STATE_VERIFY_RUN, JSON.stringify({ docker, runId }));
    const report = await core/* group */.Os(`Dockerflow checks of ${inputs.image}`, async () => {
        const result = await verifyImage({ docker, ...inputs, runId, log: message => core/* info */.pq(message) });
        for (const check of result.results)
            core/* info */.pq(`${check.status.padEnd(4)} ${check.id}: ${check.detail}`);
        return result;
    });
    const verdict = requirements_verdict(report.results, inputs.failOn);
    for (const check of report.results) {
        if (check.status === 'fail')
            core/* error */.z3(`${check.title}: ${check.detail}`, { title: `Dockerflow ${check.id}` });
        if (check.status === 'warn')
            core/* warning */.$e(`${check.title}: ${check.detail}`, { title: `Dockerflow ${check.id}` });
    }
    (0,outputs/* setOutputs */.n)({
        passed: verdict.passed,
        failed: JSON.stringify(verdict.failed),
        warnings: JSON.stringify(verdict.warnings),
        'image-id': report.imageId,
        results: JSON.stringify(report.results)
    });
    await writeVerifySummary(report, verdict);
    if (!verdict.passed)
        throw new errors/* UserError */.y(`${inputs.image} ${verdictLine(verdict)} (fail-on: ${inputs.failOn}).`);
    core/* info */.pq(`${inputs.image} ${verdictLine(verdict)}`);
}
/** Post step (always runs, also after a cancelled job): remove the containers this run left. */
async function post() {
    const saved = core/* getState */.Gu(STATE_VERIFY_RUN);
    if (!saved)
        return;
    const state = JSON.parse(saved);
    if (typeof state.docker !== 'string' || typeof state.runId !== 'string')
        throw new Error(`unreadable ${STATE_VERIFY_RUN} state: ${saved.slice(0, 200)}`);
    const removed = await removeRunContainers(state.docker, state.runId);
    core/* info */.pq(removed.length
        ? `removed ${removed.length} container(s) left by verify run ${state.runId}`
        : `verify run ${state.runId} left no container`);
}


/***/ }),

/***/ 8070:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Bw: () => (/* binding */ detectDockerClient),
/* harmony export */   qj: () => (/* binding */ detectBuildFrontend)
/* harmony export */ });
/* unused harmony exports dockerCandidates, majorVersion */
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(766);


/** Client binaries to consider, in order: DOCKER_ACTIONS_DOCKER, `docker` on PATH, Debian's /usr/bin/docker. */
function dockerCandidates(env = process.env) {
    const list = [env.DOCKER_ACTIONS_DOCKER, 'docker', '/usr/bin/docker'].filter((item) => Boolean(item));
    return [...new Set(list)];
}
function majorVersion(version) {
    return Number(/^(\d+)/.exec(version)?.[1] ?? 0);
}
async function clientVersion(docker) {
    const result = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .runCommand */ .d)(docker, ['version', '--format', '{{.Client.Version}}'], {
        silent: true
    }).catch(() => undefined);
    const version = result?.stdout.trim().split('\n')[0];
    return version && /^\d/.test(version) ? version : undefined;
}
async function buildxDriver(docker) {
    const version = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .runCommand */ .d)(docker, ['buildx', 'version'], { silent: true }).catch(() => undefined);
    if (!version || version.exitCode !== 0)
        return undefined;
    const inspect = await (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .runCommand */ .d)(docker, ['buildx', 'inspect'], { silent: true });
    return /Driver:\s+(\S+)/.exec(inspect.stdout)?.[1] ?? 'docker';
}
async function detectBuildFrontend(env = process.env) {
    const skipped = [];
    for (const docker of dockerCandidates(env)) {
        const version = await clientVersion(docker);
        if (!version) {
            skipped.push(`${docker}: not found or not a docker client`);
            continue;
        }
        const driver = await buildxDriver(docker);
        if (driver) {
            return {
                kind: 'buildx',
                docker,
                clientVersion: version,
                driver,
                reason: `${docker} ${version} with buildx (driver ${driver})`
            };
        }
        if (majorVersion(version) < 23) {
            return {
                kind: 'buildkit',
                docker,
                clientVersion: version,
                reason: `${docker} ${version} has no buildx; it builds with BuildKit itself (DOCKER_BUILDKIT=1)`
            };
        }
        skipped.push(`${docker} ${version}: no buildx plugin, and clients from 23 on need it for BuildKit`);
    }
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`No Docker client here can build with BuildKit (${skipped.join('; ')}). Install the buildx plugin ` +
        '(on GitHub: docker/setup-buildx-action), or point DOCKER_ACTIONS_DOCKER at a docker client older than 23.');
}
/** The first docker client that answers (for create/cp/run/inspect, which every client can do). */
async function detectDockerClient(env = process.env) {
    for (const docker of dockerCandidates(env))
        if (await clientVersion(docker))
            return docker;
    throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`No docker client found (tried ${dockerCandidates(env).join(', ')}). Install Docker, or set DOCKER_ACTIONS_DOCKER.`);
}


/***/ }),

/***/ 9197:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   Nv: () => (/* binding */ pullStrategy),
/* harmony export */   Pp: () => (/* binding */ pullBaseImages),
/* harmony export */   ZP: () => (/* binding */ pullImage),
/* harmony export */   re: () => (/* binding */ baseImagesOf),
/* harmony export */   s0: () => (/* binding */ pullCacheImages)
/* harmony export */ });
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7268);
/* harmony import */ var _exec_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(766);
/* harmony import */ var _dockerfile_parse_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6221);



/** `docker pull --quiet <ref>`, quietly; the caller decides what a failure means. */
function pullImage(docker, ref) {
    return (0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .runCommand */ .d)(docker, ['pull', '--quiet', ref], { silent: true });
}
/** The external images the given targets are built FROM (stage aliases followed, `scratch` left out). */
function baseImagesOf(dockerfile, targets) {
    const images = targets.flatMap(target => {
        const base = (0,_dockerfile_parse_js__WEBPACK_IMPORTED_MODULE_2__/* .finalBase */ .Ys)(dockerfile, target);
        return base && !base.image.includes('$') ? [base.image] : [];
    });
    return [...new Set(images)];
}
/**
 * Pulls the inline-cache images into the engine before the build. Docker 20.10's BuildKit, reading
 * inline cache straight from the registry, loses cache records whenever an image that was itself
 * partly built from cache is exported again (moby/buildkit#1981): every second build after a change
 * rebuilt everything. With the cache images in the engine it uses them fully (measured in
 * bench/build-cache). Returns the refs that exist (a new branch has none yet).
 */
async function pullCacheImages(docker, refs, log) {
    const available = [];
    for (const ref of refs) {
        const pulled = await pullImage(docker, ref);
        if (pulled.exitCode === 0)
            available.push(ref);
        log(pulled.exitCode === 0 ? `pulled ${ref}` : `${ref}: not in the registry yet, skipped`);
    }
    return available;
}
/**
 * How a build sees moved base tags. The engine's image store (plain BuildKit, buildx's `docker`
 * driver) keeps a base it pulled once, so those bases are pulled explicitly before the build; a
 * buildx builder in a container has no such store and resolves FROM with `--pull`. The explicit pull
 * keeps the build itself free of `--pull`, so the engine's images (cache and base) are what BuildKit
 * starts from.
 */
function pullStrategy(frontend) {
    return frontend.kind === 'buildx' && frontend.driver !== undefined && frontend.driver !== 'docker'
        ? 'build-flag'
        : 'pull-first';
}
async function pullBaseImages(docker, images, log) {
    for (const image of images) {
        const pulled = await pullImage(docker, image);
        if (pulled.exitCode !== 0)
            throw new _errors_js__WEBPACK_IMPORTED_MODULE_0__/* .UserError */ .y(`Could not pull the base image ${image}: ${(0,_exec_js__WEBPACK_IMPORTED_MODULE_1__/* .tail */ .R)(pulled.stderr, 3)}. Check its name and the registry login, or set pull: false for a base that exists only on this machine.`);
        log(`pulled base image ${image}`);
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
