// /ui/sign-up: POST /register, then POST /register/confirm with the mailed code (the password is
// sent again there: the account is created, and its password set, only by the address's owner).
import { api, onSubmit, secondFactorStep, session, show, go, describe } from "./ui.js";

const register = document.getElementById("register");
const confirm = document.getElementById("confirm");
const secondFactor = document.getElementById("second-factor");
let email = "";
let password = "";
let challenge = "";

function signedIn(grant) {
  session.keep(grant.access_token);
  go("account");
}

onSubmit(register, async (data) => {
  email = String(data.get("email") || "").trim();
  password = String(data.get("password") || "");
  await api("POST", "/register", { body: { email, password } });
  document.getElementById("sent-to").textContent = email;
  register.hidden = true;
  show(confirm, document.getElementById("code"));
});

onSubmit(confirm, async (data) => {
  const code = String(data.get("code") || "").trim();
  const answer = await api("POST", "/register/confirm", { body: { email, code, password } });
  if (answer.status === "second_factor_required") {
    challenge = answer.challenge;
    confirm.hidden = true;
    show(secondFactor, document.getElementById("sf-code"));
    return;
  }
  password = "";
  signedIn(answer);
});

document.getElementById("resend").addEventListener("click", async () => {
  const status = confirm.querySelector(".status");
  const error = confirm.querySelector(".error");
  status.textContent = "";
  error.textContent = "";
  try {
    await api("POST", "/register/resend", { body: { email } });
    status.textContent = "A new code is on its way. Use the newest one.";
  } catch (e) {
    error.textContent = describe(e);
  }
});

secondFactorStep(secondFactor, () => challenge, signedIn);
