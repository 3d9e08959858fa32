import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 7268:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   y: () => (/* binding */ UserError)
/* harmony export */ });
/* unused harmony export errorMessage */
/**
 * An error the user can act on: its message says what was wrong and how to fix it.
 * Entry points print it as is (no stack trace), because the stack is noise to a workflow author.
 */
class UserError extends Error {
    constructor(message) {
        super(message);
        this.name = 'UserError';
    }
}
function errorMessage(error) {
    if (error instanceof Error)
        return error.message;
    return String(error);
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 1421:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
// EXTERNAL MODULE: external "node:child_process"
var external_node_child_process_ = __nccwpck_require__(1421);
// EXTERNAL MODULE: external "node:util"
var external_node_util_ = __nccwpck_require__(7975);
// EXTERNAL MODULE: ./src/lib/errors.ts
var errors = __nccwpck_require__(7268);
;// CONCATENATED MODULE: ./src/lib/git/local.ts



const execFileAsync = (0,external_node_util_.promisify)(external_node_child_process_.execFile);
async function git(args, cwd) {
    try {
        const { stdout } = await execFileAsync('git', args, { cwd });
        return stdout.trim();
    }
    catch {
        return undefined;
    }
}
/** `owner/name` from a GitHub-style remote URL (https or ssh), if it looks like one. */
function repositoryFromRemote(url) {
    if (!url)
        return undefined;
    const match = /[:/]([^/:]+\/[^/]+?)(?:\.git)?\/?$/.exec(url.trim());
    return match?.[1];
}
/**
 * Reads what a workflow run would know from the local checkout: the commit, the branch, the
 * default branch (origin/HEAD, else main) and owner/name from the origin remote.
 */
async function readLocalGitState(cwd = process.cwd()) {
    const sha = await git(['rev-parse', 'HEAD'], cwd);
    if (!sha) {
        throw new errors/* UserError */.y(`${cwd} is not a git checkout with at least one commit; run from your repository or pass --sha and --branch.`);
    }
    const branch = (await git(['symbolic-ref', '--short', '-q', 'HEAD'], cwd)) ?? 'detached';
    const originHead = await git(['symbolic-ref', '--short', '-q', 'refs/remotes/origin/HEAD'], cwd);
    const defaultBranch = originHead?.replace(/^origin\//, '') || 'main';
    const remote = await git(['remote', 'get-url', 'origin'], cwd);
    // No remote: no repository (so no made-up source URL in labels or version.json).
    const repository = repositoryFromRemote(remote) ?? '';
    return { sha, branch, defaultBranch, repository, serverUrl: 'https://github.com' };
}
/** The GITHUB_* variables a push of this checkout would give an action. */
function githubEnvForLocalGit(state, eventPath) {
    return {
        GITHUB_EVENT_NAME: 'push',
        GITHUB_ACTIONS: 'false',
        GITHUB_REF: `refs/heads/${state.branch}`,
        GITHUB_SHA: state.sha,
        GITHUB_REPOSITORY: state.repository,
        GITHUB_SERVER_URL: state.serverUrl,
        GITHUB_EVENT_PATH: eventPath
    };
}
function localPushPayload(state) {
    return {
        ref: `refs/heads/${state.branch}`,
        after: state.sha,
        repository: { full_name: state.repository, default_branch: state.defaultBranch }
    };
}

;// CONCATENATED MODULE: ./src/cli/commands.ts

/** Local commands and the action each one runs (loaded lazily, after the git context is set). */
const COMMANDS = {
    tags: {
        action: 'compute-tags',
        load: () => Promise.all(/* import() */[__nccwpck_require__.e(588), __nccwpck_require__.e(549)]).then(__nccwpck_require__.bind(__nccwpck_require__, 9549))
    }
};
/** `--name value` and `--name=value` become inputs; repeated names are joined with newlines (lists). */
function parseCommandLine(argv) {
    const [command, ...rest] = argv;
    const result = { inputs: {}, help: false, verbose: false };
    if (!command || command === '--help' || command === '-h' || command === 'help') {
        result.help = true;
        return result;
    }
    if (command !== 'pipeline' && !(command in COMMANDS)) {
        throw new errors/* UserError */.y(`Unknown command "${command}". ${usage()}`);
    }
    result.command = command;
    for (let i = 0; i < rest.length; i++) {
        const arg = rest[i];
        if (arg === '--help' || arg === '-h') {
            result.help = true;
            continue;
        }
        if (arg === '--verbose' || arg === '-v') {
            result.verbose = true;
            continue;
        }
        const match = /^--([a-z0-9][a-z0-9-]*)(?:=(.*))?$/s.exec(arg);
        if (!match)
            throw new errors/* UserError */.y(`Unexpected argument "${arg}": options are --name value (see --help).`);
        const [, name, inline] = match;
        let value = inline;
        if (value === undefined) {
            const next = rest[i + 1];
            if (next === undefined || next.startsWith('--'))
                value = 'true';
            else
                value = rest[++i];
        }
        result.inputs[name] = result.inputs[name] === undefined ? value : `${result.inputs[name]}\n${value}`;
    }
    return result;
}
function usage() {
    const names = [...Object.keys(COMMANDS), 'pipeline'];
    return [
        'usage: docker-actions <command> [--input value …] [--verbose]',
        `commands: ${names.join(', ')}`,
        'Each --input is the action input of the same name (see README: Actions).'
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/cli/pipeline.ts
/** The whole pipeline locally; wired once every action exists. */
async function runPipeline(_inputs) {
    console.log('pipeline: not available yet');
    return false;
}

;// CONCATENATED MODULE: ./src/cli/workflow-commands.ts
/**
 * Outside GitHub nobody interprets `::group::` and friends, so the local runner turns them into
 * readable progress lines. `::add-mask::` lines are dropped: they carry the secret itself.
 */
function translateWorkflowCommand(line, verbose = false) {
    const match = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    if (!match)
        return line;
    const [, command, message] = match;
    const text = message.replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%');
    switch (command) {
        case 'group':
            return `\n▶ ${text}`;
        case 'endgroup':
            return undefined;
        case 'error':
            return `✖ ${text}`;
        case 'warning':
            return `⚠ ${text}`;
        case 'notice':
            return `ℹ ${text}`;
        case 'debug':
            return verbose ? `· ${text}` : undefined;
        case 'add-mask':
        case 'save-state':
        case 'set-output':
        case 'echo':
            return undefined;
        default:
            return verbose ? line : undefined;
    }
}
/** Rewrites everything written to stdout, line by line, through translateWorkflowCommand. */
function installWorkflowCommandFilter(verbose) {
    const write = process.stdout.write.bind(process.stdout);
    let pending = '';
    process.stdout.write = ((chunk, ...rest) => {
        pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        const out = lines
            .map(line => translateWorkflowCommand(line, verbose))
            .filter((line) => line !== undefined);
        const callback = rest.find(arg => typeof arg === 'function');
        if (out.length > 0)
            return write(out.join('\n') + '\n', callback);
        callback?.();
        return true;
    });
}

;// CONCATENATED MODULE: ./src/lib/file-commands.ts
/**
 * Parses the runner's file-command format that @actions/core writes to GITHUB_OUTPUT / GITHUB_STATE:
 * `name<<delimiter` heredocs and plain `name=value` lines.
 */
function parseFileCommands(text) {
    const result = {};
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
        if (heredoc) {
            const [, name, delimiter] = heredoc;
            const value = [];
            for (i++; i < lines.length && lines[i] !== delimiter; i++)
                value.push(lines[i]);
            result[name] = value.join('\n');
        }
        else if (line.includes('=')) {
            result[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
        }
    }
    return result;
}

;// CONCATENATED MODULE: ./src/cli/summary-text.ts
/** A terminal rendering of the job-summary HTML/Markdown the actions write (tables become aligned text). */
function summaryToText(html) {
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
        .trim();
}

;// CONCATENATED MODULE: ./src/cli/step.ts





const workdir = (0,external_node_fs_namespaceObject.mkdtempSync)((0,external_node_path_namespaceObject.join)((0,external_node_os_namespaceObject.tmpdir)(), 'docker-actions-'));
const files = {
    output: (0,external_node_path_namespaceObject.join)(workdir, 'output'),
    summary: (0,external_node_path_namespaceObject.join)(workdir, 'summary'),
    state: (0,external_node_path_namespaceObject.join)(workdir, 'state')
};
/**
 * Runs one action's main() in this process, exactly as the runner would: inputs as INPUT_*,
 * outputs, summary and state through the runner's files. The post step (e.g. logout) runs after.
 */
async function runStep(name, load, inputs) {
    for (const key of Object.keys(process.env))
        if (key.startsWith('INPUT_') || key.startsWith('STATE_'))
            delete process.env[key];
    for (const [key, value] of Object.entries(inputs))
        process.env[`INPUT_${key.replace(/ /g, '_').toUpperCase()}`] = value;
    for (const file of Object.values(files))
        (0,external_node_fs_namespaceObject.writeFileSync)(file, '');
    process.env.GITHUB_OUTPUT = files.output;
    process.env.GITHUB_STEP_SUMMARY = files.summary;
    process.env.GITHUB_STATE = files.state;
    process.exitCode = 0;
    const started = Date.now();
    console.log(`\n━━ ${name} ━━`);
    const module = await load();
    let ok = true;
    try {
        await module.main();
        ok = process.exitCode === 0 || process.exitCode === undefined;
    }
    catch (error) {
        ok = false;
        console.log(`✖ ${error instanceof Error ? error.message : String(error)}`);
    }
    if (module.post) {
        for (const [key, value] of Object.entries(parseFileCommands((0,external_node_fs_namespaceObject.readFileSync)(files.state, 'utf8')))) {
            process.env[`STATE_${key}`] = value;
        }
        await module
            .post()
            .catch(error => console.log(`⚠ post step: ${error instanceof Error ? error.message : String(error)}`));
    }
    process.exitCode = 0;
    const summary = summaryToText((0,external_node_fs_namespaceObject.readFileSync)(files.summary, 'utf8'));
    return {
        ok,
        outputs: parseFileCommands((0,external_node_fs_namespaceObject.readFileSync)(files.output, 'utf8')),
        summary,
        seconds: (Date.now() - started) / 1000
    };
}

;// CONCATENATED MODULE: ./src/cli/index.ts
/**
 * docker-actions: the same pipeline outside GitHub, from a local checkout.
 *
 *   npx docker-actions tags     --images 127.0.0.1:5000/acme/app
 *   npx docker-actions build    --images 127.0.0.1:5000/acme/app --context examples/app
 *   npx docker-actions scan     --image 127.0.0.1:5000/acme/app:main --scanner report --report-file r.json
 *   npx docker-actions promote  --source 127.0.0.1:5000/acme/app:dev-… --targets 127.0.0.1:5000/acme/app:staging
 *   npx docker-actions pipeline --images 127.0.0.1:5000/acme/app --context examples/app [--promote-to staging]
 *
 * Every `--name value` is passed to the action as its input `name`; the git context (branch, commit,
 * default branch, repository) comes from the checkout in the current directory.
 */








function printResult(result) {
    if (result.summary)
        console.log(`\n${result.summary}`);
    const shown = Object.entries(result.outputs).filter(([name]) => name !== 'json' && name !== 'metadata');
    if (shown.length > 0) {
        console.log('\noutputs:');
        for (const [name, value] of shown)
            console.log(`  ${name}: ${value.includes('\n') ? `\n    ${value.split('\n').join('\n    ')}` : value}`);
    }
    console.log(`\n${result.ok ? '✔ done' : '✖ failed'} in ${result.seconds.toFixed(1)}s`);
}
async function main(argv) {
    const parsed = parseCommandLine(argv);
    if (parsed.help || !parsed.command) {
        console.log(usage());
        return parsed.command || parsed.help ? 0 : 2;
    }
    installWorkflowCommandFilter(parsed.verbose);
    // The git context must be in the environment before any action module (and @actions/github) loads.
    const git = await readLocalGitState();
    const eventPath = (0,external_node_path_namespaceObject.join)((0,external_node_fs_namespaceObject.mkdtempSync)((0,external_node_path_namespaceObject.join)((0,external_node_os_namespaceObject.tmpdir)(), 'docker-actions-event-')), 'event.json');
    (0,external_node_fs_namespaceObject.writeFileSync)(eventPath, JSON.stringify(localPushPayload(git)));
    Object.assign(process.env, githubEnvForLocalGit(git, eventPath), { DOCKER_ACTIONS_LOCAL: 'true' });
    console.log(`docker-actions ${parsed.command}: ${git.repository} ${git.branch} @ ${git.sha.slice(0, 12)} (default branch ${git.defaultBranch})`);
    if (parsed.command === 'pipeline')
        return (await runPipeline(parsed.inputs)) ? 0 : 1;
    const command = COMMANDS[parsed.command];
    const result = await runStep(command.action, command.load, parsed.inputs);
    printResult(result);
    return result.ok ? 0 : 1;
}
main(process.argv.slice(2)).then(code => process.exit(code), error => {
    console.error(`✖ ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});

