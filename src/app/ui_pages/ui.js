// What the pages share: calling the API, keeping the session's token, words for the problem
// codes, and turning WebAuthn options and credentials into and out of JSON.
//
// The token lives in sessionStorage: one tab's, gone when it closes, never in a URL and never
// readable by another origin. A cookie would be sent by the browser on its own (so every API
// call would need CSRF defences) and the API takes Bearer tokens, not cookies. What sessionStorage
// cannot stop is a script of this origin; the pages' policy therefore allows scripts from 'self'
// only, inline scripts none, and authlens serves no user-supplied content there.
const TOKEN_KEY = "authlens.token";

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  keep: (token) => sessionStorage.setItem(TOKEN_KEY, token),
  forget: () => sessionStorage.removeItem(TOKEN_KEY),
};

// A refusal by the page itself, worded for the person: shown as it is.
export class Refusal extends Error {}

export class Problem extends Error {
  constructor(status, code, detail, retryAfter) {
    super(code);
    this.status = status;
    this.code = code;
    this.detail = detail;
    this.retryAfter = retryAfter;
  }
}

// API paths are relative to the pages' parent, so the pages also work behind a path prefix.
function apiUrl(path) {
  return new URL("../" + path.replace(/^\//, ""), location.href);
}

export async function api(method, path, { body, auth = false } = {}) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (auth) {
    const token = session.token();
    if (!token) throw new Problem(401, "unauthorized");
    headers.Authorization = "Bearer " + token;
  }
  let response;
  try {
    response = await fetch(apiUrl(path), {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit", cache: "no-store",
    });
  } catch {
    throw new Problem(0, "network");
  }
  let data = null;
  if (response.status !== 204) {
    try { data = await response.json(); } catch { data = null; }
  }
  if (response.ok) return data;
  throw new Problem(response.status, (data && data.code) || "unknown", data && data.detail,
                    response.headers.get("Retry-After"));
}

function wait(seconds) {
  const s = Number.parseInt(seconds, 10);
  if (!Number.isFinite(s) || s <= 0) return "a moment";
  if (s < 90) return s === 1 ? "a second" : `${s} seconds`;
  const m = Math.ceil(s / 60);
  return m === 1 ? "a minute" : `${m} minutes`;
}

// Words a person understands for every code the service answers with. The service's own detail
// is shown where it says what to change (a password's weakness, an address's fault).
export function describe(error) {
  if (error instanceof Refusal) return error.message;
  if (error instanceof DOMException) {  // from navigator.credentials
    switch (error.name) {
      case "NotAllowedError": return "The passkey request was cancelled or timed out. Try again when you are ready.";
      case "InvalidStateError": return "This device already holds a passkey for this account.";
      case "SecurityError": return "Passkeys cannot be used at this address of the site.";
      default: return "This device could not use a passkey just now. Try again, or use your password.";
    }
  }
  if (!(error instanceof Problem)) return "Something went wrong on this page. Reload it and try again.";
  switch (error.code) {
    case "invalid_email": return error.detail || "That address cannot be used. Check it for typos.";
    case "weak_password": return error.detail || "That password is too easy to guess. Choose a longer one.";
    case "invalid_code": return "That code is not right or has expired. Check the newest mail, or ask for a new code.";
    case "invalid_credentials": return "The address or the password is not right.";
    case "invalid_challenge": return "This sign-in took too long or was already used. Start again.";
    case "invalid_credential": return "That passkey could not be used here. Try again, or sign in with your password.";
    case "second_factor_required": return "Enter the code from your authenticator app as well.";
    case "totp_already_enabled": return "An authenticator app is already turned on for this account.";
    case "unauthorized":
      return error.status === 401 && session.token()
        ? "The password is not right, or this session has ended."
        : "You are signed out. Sign in again.";
    case "not_found": return "That is already gone. The list has been refreshed.";
    case "too_many_attempts": return `Too many tries. Wait ${wait(error.retryAfter)} and try again.`;
    case "rate_limited": return `Too many requests. Wait ${wait(error.retryAfter)} and try again.`;
    case "overloaded": return "The service is busy right now. Try again in a moment.";
    case "unavailable": return "The service is unavailable right now. Try again in a moment.";
    case "network": return "The service could not be reached. Check your connection and try again.";
    case "payload_too_large": return "That is too long.";
    default: return "Something went wrong. Try again in a moment.";
  }
}

// Runs a form's action with its button disabled and its error region (aria-live) filled on
// failure; the region is cleared first, so a screen reader announces each new outcome.
export function onSubmit(form, action) {
  const errorBox = form.querySelector(".error");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (errorBox) errorBox.textContent = "";
    const buttons = form.querySelectorAll("button");
    buttons.forEach((b) => { b.disabled = true; });
    try {
      await action(new FormData(form));
    } catch (error) {
      if (errorBox) errorBox.textContent = describe(error);
      else throw error;
    } finally {
      buttons.forEach((b) => { b.disabled = false; });
    }
  });
}

export function show(element, focusTarget) {
  element.hidden = false;
  const target = focusTarget || element.querySelector("input, button");
  if (target) target.focus();
}

export function go(page) {
  location.assign(new URL(page, location.href));
}

// The second step of a sign-in (login or a confirm that recovers an account with a factor):
// a code from the authenticator app, or one of the recovery codes.
export function secondFactorStep(form, challenge, done) {
  const useRecovery = form.querySelector("[data-use-recovery]");
  const codeField = form.querySelector("[data-totp-field]");
  const recoveryField = form.querySelector("[data-recovery-field]");
  useRecovery.addEventListener("click", () => {
    codeField.hidden = true;
    recoveryField.hidden = false;
    useRecovery.hidden = true;
    recoveryField.querySelector("input").focus();
  });
  onSubmit(form, async (data) => {
    const body = { challenge: challenge() };
    if (recoveryField.hidden) body.code = String(data.get("code") || "").trim();
    else body.recovery_code = String(data.get("recovery_code") || "").trim();
    done(await api("POST", "/login/second-factor", { body }));
  });
}

// WebAuthn's JSON forms (Level 3). Browsers that lack parse…FromJSON/toJSON get the same
// conversion by hand: base64url without padding for every byte member.
function fromBase64url(text) {
  const base64 = text.replace(/-/g, "+").replace(/_/g, "/") + "===".slice((text.length + 3) % 4);
  return Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
}

function toBase64url(buffer) {
  let binary = "";
  for (const byte of new Uint8Array(buffer)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function withIds(list) {
  return (list || []).map((c) => ({ ...c, id: fromBase64url(c.id) }));
}

export function creationOptions(json) {
  if (PublicKeyCredential.parseCreationOptionsFromJSON) {
    return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  }
  return { ...json, challenge: fromBase64url(json.challenge),
           user: { ...json.user, id: fromBase64url(json.user.id) },
           excludeCredentials: withIds(json.excludeCredentials) };
}

export function requestOptions(json) {
  if (PublicKeyCredential.parseRequestOptionsFromJSON) {
    return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  }
  return { ...json, challenge: fromBase64url(json.challenge),
           allowCredentials: withIds(json.allowCredentials) };
}

export function credentialJson(credential) {
  if (typeof credential.toJSON === "function") return credential.toJSON();
  const r = credential.response;
  const response = { clientDataJSON: toBase64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = toBase64url(r.attestationObject);
    if (r.getTransports) response.transports = r.getTransports();
  } else {
    response.authenticatorData = toBase64url(r.authenticatorData);
    response.signature = toBase64url(r.signature);
    if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
  }
  return { id: credential.id, rawId: toBase64url(credential.rawId), type: credential.type,
           response, clientExtensionResults: credential.getClientExtensionResults() };
}

export function passkeysSupported() {
  return typeof window.PublicKeyCredential === "function" && !!navigator.credentials;
}

export function formatTime(iso) {
  if (!iso) return "never";
  const when = new Date(iso);
  return Number.isNaN(when.getTime()) ? iso : when.toLocaleString();
}
