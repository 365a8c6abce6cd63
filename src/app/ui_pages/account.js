// /ui/account: GET /me and the lists it shows (sessions, passkeys), and one form per change.
// Every list is built with textContent: a session's user agent is the client's own text.
import { api, onSubmit, session, show, go, describe, creationOptions, credentialJson,
         passkeysSupported, formatTime, Problem, Refusal } from "./ui.js";

const $ = (id) => document.getElementById(id);
let profile = null;
const METHOD_WORDS = { password: "password", totp: "authenticator app", recovery_code: "recovery code",
                       passkey: "a passkey", email_code: "mailed code", code: "mailed code" };

function say(text) {
  $("page-status").textContent = "";
  $("page-status").textContent = text;
}

// A 401 on a call that carries no password means the session itself has ended.
function endedSession(error) {
  return error instanceof Problem && error.status === 401 && error.code === "unauthorized";
}

function signedOut(query) {
  session.forget();
  go("sign-in" + (query ? "?" + query : ""));
}

function stepUp(data) {
  const body = { password: String(data.get("password") || "") };
  const code = String(data.get("code") || "").trim();
  if (code) body.code = code;
  return body;
}

function element(tag, text, className) {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  if (className) e.className = className;
  return e;
}

async function loadProfile() {
  profile = await api("GET", "/me", { auth: true });
  $("who").textContent = profile.email;
  for (const field of document.querySelectorAll(".step-up-code:not(.always)")) {
    field.hidden = !profile.totp_enabled;
  }
  for (const field of document.querySelectorAll(".step-up-code.always")) field.hidden = false;
  $("totp-state").textContent = profile.totp_enabled
    ? `On. ${profile.recovery_codes_left} of 10 recovery codes left.`
    : "Off. Turn it on so that a stolen password alone cannot sign in.";
  $("totp-on").hidden = profile.totp_enabled;
  $("totp-off").hidden = !profile.totp_enabled;
  $("totp-new-codes").hidden = !profile.totp_enabled;
}

async function loadSessions() {
  const { sessions } = await api("GET", "/me/sessions", { auth: true });
  const list = $("session-list");
  list.replaceChildren();
  for (const s of sessions) {
    const item = element("li");
    item.dataset.sessionId = s.id;
    const title = element("div", s.user_agent || "Unknown browser");
    if (s.current) title.append(element("span", "This session", "badge"));
    item.append(title);
    const how = s.methods.map((m) => METHOD_WORDS[m] || m).join(" and ");
    item.append(element("div", `From ${s.client_address} · signed in ${formatTime(s.created_at)} with ${how} · last used ${formatTime(s.last_used_at)}`, "meta"));
    if (!s.current) {
      const end = element("button", "End this session", "secondary");
      end.type = "button";
      end.setAttribute("aria-label", `End the session of ${s.user_agent || "an unknown browser"} from ${s.client_address}`);
      end.addEventListener("click", () => guarded($("sessions-error"), async () => {
        await api("DELETE", `/me/sessions/${encodeURIComponent(s.id)}`, { auth: true });
        say("That session has ended.");
        await loadSessions();
        $("session-list").focus();
      }));
      item.append(end);
    }
    list.append(item);
  }
  list.tabIndex = -1;
  $("end-others").hidden = sessions.length < 2;
}

let removing = null;

async function loadPasskeys() {
  const { passkeys } = await api("GET", "/me/passkeys", { auth: true });
  const list = $("passkey-list");
  list.replaceChildren();
  if (passkeys.length === 0) list.append(element("li", "No passkeys yet.", "meta"));
  for (const p of passkeys) {
    const item = element("li");
    item.dataset.passkeyId = p.id;
    item.append(element("div", p.name));
    item.append(element("div", `Added ${formatTime(p.created_at)} · last used ${formatTime(p.last_used_at)}`, "meta"));
    const remove = element("button", "Remove", "secondary");
    remove.type = "button";
    remove.setAttribute("aria-label", `Remove the passkey ${p.name}`);
    remove.addEventListener("click", () => {
      removing = p;
      $("passkey-remove-title").textContent = `Remove the passkey “${p.name}”`;
      show($("passkey-remove"), $("remove-password"));
    });
    item.append(remove);
    list.append(item);
  }
}

// Runs an action outside a form, showing its failure in `box`.
async function guarded(box, action) {
  box.textContent = "";
  try {
    await action();
  } catch (error) {
    if (endedSession(error)) return signedOut();  // these calls carry no password: the session ended
    box.textContent = describe(error);
  }
}

async function reloadAll() {
  await loadProfile();
  await Promise.all([loadSessions(), loadPasskeys()]);
}

$("sign-out").addEventListener("click", async () => {
  try { await api("POST", "/logout", { auth: true }); } catch { /* signed out either way */ }
  signedOut("signed-out");
});

$("end-others").addEventListener("click", () => guarded($("sessions-error"), async () => {
  await api("DELETE", "/me/sessions", { auth: true });
  say("Every other session has ended.");
  await loadSessions();
}));

onSubmit($("totp-on"), async (data) => {
  const enrolment = await api("POST", "/me/totp", { auth: true, body: stepUp(data) });
  $("totp-on").reset();
  const svg = new DOMParser().parseFromString(enrolment.qr_svg, "image/svg+xml").documentElement;
  $("totp-qr").replaceChildren();
  if (svg.nodeName === "svg") {
    svg.querySelectorAll("script, foreignObject").forEach((n) => n.remove());
    svg.setAttribute("role", "img");
    svg.setAttribute("aria-label", "QR code for your authenticator app");
    $("totp-qr").append(document.importNode(svg, true));
  }
  $("totp-secret").textContent = enrolment.secret;
  $("totp-on").hidden = true;
  show($("totp-confirm"), $("totp-first-code"));
});

function showRecoveryCodes(codes) {
  const list = $("recovery-list");
  list.replaceChildren(...codes.map((c) => element("li", c)));
  show($("recovery-codes"), $("recovery-title"));
}

onSubmit($("totp-confirm"), async (data) => {
  const answer = await api("POST", "/me/totp/confirm",
                           { auth: true, body: { code: String(data.get("code") || "").trim() } });
  $("totp-confirm").reset();
  $("totp-confirm").hidden = true;
  $("totp-secret").textContent = "";
  $("totp-qr").replaceChildren();
  await reloadAll();
  showRecoveryCodes(answer.recovery_codes);
  say("The authenticator app is on. Other sessions have ended.");
});

$("recovery-done").addEventListener("click", () => {
  $("recovery-list").replaceChildren();
  $("recovery-codes").hidden = true;
  $("totp-title").focus();
});

onSubmit($("totp-new-codes"), async (data) => {
  const answer = await api("POST", "/me/recovery-codes", { auth: true, body: stepUp(data) });
  $("totp-new-codes").reset();
  await loadProfile();
  showRecoveryCodes(answer.recovery_codes);
});

onSubmit($("totp-off"), async (data) => {
  await api("DELETE", "/me/totp", { auth: true, body: stepUp(data) });
  $("totp-off").reset();
  await reloadAll();
  say("The authenticator app is off. Other sessions have ended.");
});

onSubmit($("passkey-add"), async (data) => {
  if (!passkeysSupported()) throw new Refusal("This browser cannot make passkeys.");
  const offer = await api("POST", "/me/passkeys/options", { auth: true, body: stepUp(data) });
  const credential = await navigator.credentials.create({ publicKey: creationOptions(offer.options) });
  const name = String(data.get("name") || "").trim() || "Passkey";
  await api("POST", "/me/passkeys",
            { auth: true, body: { flow: offer.flow, credential: credentialJson(credential), name } });
  $("passkey-add").reset();
  await reloadAll();
  say(`The passkey “${name}” is added. Other sessions have ended.`);
});

onSubmit($("passkey-remove"), async (data) => {
  await api("DELETE", `/me/passkeys/${encodeURIComponent(removing.id)}`,
            { auth: true, body: stepUp(data) });
  $("passkey-remove").reset();
  $("passkey-remove").hidden = true;
  await reloadAll();
  say(`The passkey “${removing.name}” is removed.`);
});

$("passkey-remove-cancel").addEventListener("click", () => {
  $("passkey-remove").reset();
  $("passkey-remove").hidden = true;
});

onSubmit($("password-change"), async (data) => {
  const body = { current_password: String(data.get("current_password") || ""),
                 new_password: String(data.get("new_password") || "") };
  const code = String(data.get("code") || "").trim();
  if (code) body.code = code;
  await api("POST", "/password/change", { auth: true, body });
  $("password-change").reset();
  await loadSessions();
  say("Your password is changed. Other sessions have ended.");
});

onSubmit($("delete-account"), async (data) => {
  if (!data.get("sure")) throw new Refusal("Tick the box to say you want the account deleted.");
  await api("DELETE", "/me", { auth: true, body: stepUp(data) });
  signedOut("deleted");
});

if (!session.token()) {
  signedOut();
} else {
  reloadAll().catch((error) => {
    if (endedSession(error)) return signedOut();
    $("page-error").textContent = describe(error);
  });
}
