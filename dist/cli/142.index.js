export const id = 142;
export const ids = [142];
export const modules = {

/***/ 4142:
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
// EXTERNAL MODULE: ./src/lib/summary.ts
var summary = __webpack_require__(1119);
// EXTERNAL MODULE: ./src/lib/tag-inputs.ts + 1 modules
var tag_inputs = __webpack_require__(9882);
;// CONCATENATED MODULE: ./src/actions/compute-tags/outputs.ts
/** The public outputs of compute-tags (names are the contract users write in workflows). */
function tagPlanOutputs(plan) {
    const labels = Object.entries(plan.labels).map(([key, value]) => `${key}=${value}`);
    return {
        'production-tags': plan.productionTags,
        'immutable-tags': plan.immutableTags,
        'floating-tags': plan.floatingTags,
        'builder-tags': plan.builderTags,
        'cache-from': plan.cacheFrom,
        'unique-tag': plan.tags.unique,
        'unique-refs': plan.uniqueRefs,
        labels,
        'version-json': plan.versionJson,
        'push-allowed': plan.pushAllowed,
        'is-fork': plan.isFork,
        json: plan
    };
}

;// CONCATENATED MODULE: ./src/actions/compute-tags/main.ts





/** compute-tags: read inputs -> compute the plan -> write outputs and a summary. */
async function main() {
    const inputs = (0,tag_inputs/* getTagInputs */.Oe)();
    const ctx = (0,tag_inputs/* getBuildContext */.Ev)(inputs);
    const plan = await (0,tag_inputs/* resolveTagPlan */.IK)(inputs, ctx);
    await core/* group */.Os('Computed tags', async () => {
        core/* info */.pq(`event: ${ctx.eventName} (${plan.eventKind}), branch: ${ctx.branch ?? '-'}, default branch: ${ctx.defaultBranch}`);
        core/* info */.pq(`immutable tags (never moved):\n  ${plan.immutableTags.join('\n  ')}`);
        core/* info */.pq(`floating tags (move with every gated build):\n  ${plan.floatingTags.join('\n  ')}`);
        if (plan.eventKind === 'rebuild')
            core/* info */.pq('rebuild of an earlier commit: branch, release and latest tags stay where they are');
        core/* info */.pq(`builder tags:\n  ${plan.builderTags.join('\n  ')}`);
        core/* info */.pq(`cache from:\n  ${plan.cacheFrom.join('\n  ')}`);
        core/* info */.pq(`unique tag: ${plan.tags.unique}`);
        if (plan.isFork)
            core/* info */.pq('pull request from a fork: images are built but never pushed');
    });
    (0,outputs/* setOutputs */.n)(tagPlanOutputs(plan));
    core/* summary */.z.addHeading('compute-tags', 3);
    (0,summary/* addKeyValueTable */.Yx)([
        [
            'Event',
            `${ctx.eventName}${ctx.pullRequest ? ` #${ctx.pullRequest.number}${plan.isFork ? ' (fork)' : ''}` : ''}`
        ],
        ['Branch', ctx.branch],
        ['Commit', ctx.sha],
        ['Unique tag', plan.tags.unique],
        ['Immutable tags', plan.immutableTags.join('\n')],
        ['Floating tags', plan.floatingTags.join('\n')],
        ['Builder tags', plan.builderTags.join('\n')],
        ['Cache from', plan.cacheFrom.join('\n')],
        ['Push allowed', String(plan.pushAllowed)]
    ]);
    await (0,summary/* writeSummary */.Sy)();
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
