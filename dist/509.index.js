export const id = 509;
export const ids = [509];
export const modules = {

/***/ 7509:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   recipientProblem: () => (/* binding */ recipientProblem)
/* harmony export */ });
/* unused harmony export RECIPIENT_FIX */
/* harmony import */ var age_encryption__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(4073);
/* harmony import */ var _scure_base__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(4929);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);



// Checking `backup-recipients` entries (age public keys). Kept apart from the encryption itself so
// that reading the inputs pulls in no backup code.
/**
 * The recipient types age-encryption (the library the backup is encrypted with) encrypts to by
 * itself, by the part between `age1` and the bech32 separator `1`: X25519 (`age1…`), post-quantum
 * hybrid (`age1pq1…`, ML-KEM-768 + X25519), and the P-256 tag types of hardware keys (`age1tag1…`,
 * `age1tagpq1…`). Any other `age1<name>1…` is the recipient of a plugin, `age-plugin-<name>`
 * (e.g. `age1yubikey1…`, `age1se1…`, `age1tpm1…`): only that program can encrypt to it, and the
 * action runs no plugin. SSH keys (`ssh-ed25519`, `ssh-rsa`) are not supported by the library.
 */
const NATIVE_TYPES = new Set(['', 'pq', 'tag', 'tagpq']);
/** How to make a recipient the action can encrypt to. */
const RECIPIENT_FIX = "Give an age public key the action can encrypt to: an X25519 key made with `age-keygen -o key.txt` (the 'age1…' line it prints as 'public key:'), or a post-quantum one made with `age-keygen -pq` (age1pq1…, needs age 1.3 or newer to decrypt). Never the AGE-SECRET-KEY-1… line: that identity belongs in a secret manager, and only the restore needs it.";
/** Why `value` is not an age recipient the backup can be encrypted to, or undefined when it is. */
function recipientProblem(value) {
    const hidden = (what) => `${what} (not shown)`;
    if (/^AGE-SECRET-KEY-/i.test(value)) {
        return { shown: hidden('an AGE-SECRET-KEY-1… value'), problem: 'is an age secret key (an identity), not a public key', fix: RECIPIENT_FIX };
    }
    if (/^AGE-PLUGIN-/i.test(value)) {
        return { shown: hidden('an AGE-PLUGIN-… value'), problem: "is an age plugin identity (it stays with the plugin's hardware or program), not a recipient", fix: RECIPIENT_FIX };
    }
    if (/^(ssh-(ed25519|rsa)|ecdsa-sha2-|sk-(ssh|ecdsa)-)/.test(value)) {
        return {
            shown: `'${value.split(/\s/)[0] ?? ''}'`,
            problem: 'is an SSH public key: age-encryption, the age implementation the action encrypts with, has no SSH recipients, so the action cannot encrypt to it',
            fix: RECIPIENT_FIX
        };
    }
    if (!/^age1[0-9a-z.+_-]+$/.test(value)) {
        return {
            shown: /^age1/i.test(value) ? `'${value.slice(0, 8)}…'` : hidden('a value that is not an age key'),
            problem: "is not an age public key (it must start with 'age1' and contain only lowercase letters and digits)",
            fix: RECIPIENT_FIX
        };
    }
    // bech32: the human-readable part ends at the last '1' (the data part never holds one).
    const hrp = value.slice(0, value.lastIndexOf('1'));
    const type = hrp === 'age' ? '' : hrp.startsWith('age1') ? hrp.slice(4) : undefined;
    // A plugin's name is short; a long one without a valid checksum is an X25519 key with a '1' typed into it.
    if (type !== undefined && !NATIVE_TYPES.has(type) && (bech32Valid(value) || type.length <= 12)) {
        return {
            shown: `'${hrp}1…'`,
            problem: `is a plugin recipient (age1${type}1…, of the age plugin 'age-plugin-${type}'): only that plugin program can encrypt to it, and the action (which encrypts with age-encryption and runs no plugin) cannot${bech32Valid(value) ? '' : '; its checksum does not match either'}`,
            fix: RECIPIENT_FIX
        };
    }
    try {
        new age_encryption__WEBPACK_IMPORTED_MODULE_0__/* .Encrypter */ .T7().addRecipient(value);
    }
    catch (err) {
        return { shown: `'${value.slice(0, 8)}…'`, problem: `is not a valid age public key (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorMessage */ .gJ)(err)})`, fix: RECIPIENT_FIX };
    }
    return undefined;
}
/** Whether `s` is bech32 with a valid checksum, without bech32's 90-character limit (as age reads it). */
function bech32Valid(s) {
    return _scure_base__WEBPACK_IMPORTED_MODULE_2__/* .bech32 */ .I.decodeUnsafe(s, false) !== undefined;
}


/***/ })

};
