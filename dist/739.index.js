export const id = 739;
export const ids = [739];
export const modules = {

/***/ 739:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   commentsClient: () => (/* binding */ commentsClient)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(235);
/* harmony import */ var _actions_github__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1758);
/* harmony import */ var _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9735);
/* harmony import */ var _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(6856);
/* harmony import */ var _log_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(5625);
/* harmony import */ var _secrets_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(7194);






const PER_PAGE = 100;
/** 100 pages of 100 comments: a pull request with more is not searched to the end. */
const MAX_PAGES = 100;
const MAX_WAIT_SECONDS = 60;
const MAX_RATE_LIMIT_RETRIES = 2;
function commentsClient(o) {
    const waitOut = (kind) => (retryAfter, options, _octokit, retryCount) => {
        if (retryCount >= MAX_RATE_LIMIT_RETRIES || retryAfter > MAX_WAIT_SECONDS)
            return false;
        o.onWait(`GitHub's ${kind} rate limit answered ${options.method ?? ''} ${options.url ?? ''}: retrying in ${retryAfter} s (retry ${retryCount + 1} of ${MAX_RATE_LIMIT_RETRIES}).`);
        return true;
    };
    // Octokit's own messages go to the debug log, scrubbed like every line the action prints.
    const debug = (...args) => _actions_core__WEBPACK_IMPORTED_MODULE_3__/* .debug */ .Yz((0,_log_js__WEBPACK_IMPORTED_MODULE_1__/* .neutralize */ .YI)((0,_secrets_js__WEBPACK_IMPORTED_MODULE_2__/* .scrub */ ._I)(args.map(a => (a instanceof Error ? a.message : String(a))).join(' '))));
    const octokit = (0,_actions_github__WEBPACK_IMPORTED_MODULE_0__/* .getOctokit */ .Q)(o.token, {
        baseUrl: o.baseUrl.replace(/\/+$/, ''),
        log: { debug, info: debug, warn: debug, error: debug },
        throttle: { onRateLimit: waitOut('primary'), onSecondaryRateLimit: waitOut('secondary') },
        retry: { retries: 2, doNotRetry: [400, 401, 403, 404, 410, 422, 429, 451] }
    }, _octokit_plugin_retry__WEBPACK_IMPORTED_MODULE_4__/* .retry */ .L, _octokit_plugin_throttling__WEBPACK_IMPORTED_MODULE_5__/* .throttling */ .A);
    const where = { owner: o.owner, repo: o.repo };
    const toComment = (c) => ({
        id: c.id,
        body: c.body ?? '',
        author: c.user ? { login: c.user.login, type: c.user.type } : undefined,
        url: c.html_url
    });
    return {
        async findMarked(marker) {
            const found = [];
            for (let page = 1; page <= MAX_PAGES; page++) {
                // Pages by number against the API's own address: a Link header is only read for whether a next page exists.
                const res = await octokit.rest.issues.listComments({ ...where, issue_number: o.issue, per_page: PER_PAGE, page });
                for (const c of res.data)
                    if ((c.body ?? '').includes(marker))
                        found.push(toComment(c));
                if (!/\brel="next"/.test(res.headers.link ?? '') || res.data.length < PER_PAGE)
                    return found;
            }
            throw new Error(`the pull request has more than ${MAX_PAGES * PER_PAGE} comments; they were not all searched for this database's comment`);
        },
        async ownLogin() {
            try {
                return (await octokit.rest.users.getAuthenticated()).data.login;
            }
            catch {
                return undefined;
            }
        },
        async create(body) {
            const res = await octokit.rest.issues.createComment({ ...where, issue_number: o.issue, body, request: { retries: 0 } });
            return toComment(res.data);
        },
        async update(id, body) {
            const res = await octokit.rest.issues.updateComment({ ...where, comment_id: id, body });
            return toComment(res.data);
        }
    };
}


/***/ })

};
