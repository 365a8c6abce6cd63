@browser
Feature: The hosted pages in a real browser
  As a person who wants an account
  I want pages that sign me up, let me add a passkey and an authenticator app, and sign me in
  So that I never need to call the API by hand, and a passkey signs me in with no address typed

  The browser is Debian's Chromium, driven by chromedriver, with the DevTools virtual
  authenticator (CTAP2, internal transport, resident keys, user verification) as the device.

  Scenario: Sign up, add a passkey, sign in with it, end another session, turn on TOTP, sign in with it
    Given a browser whose device can hold passkeys
    When a person signs up on the sign-up page as "una@example.test" with password "violet walks nine amber dunes" and the mailed code
    Then the account page shows "una@example.test"
    When they add a passkey named "this laptop" on the account page
    Then the account page lists the passkey "this laptop"
    And the browser's device holds one passkey for the site
    When they sign out on the account page
    And they sign in on the sign-in page with the passkey, typing no address
    Then the account page shows "una@example.test"
    And the account page says this session signed in with a passkey
    Given "una@example.test" signs in on another device with the password
    Then the account page lists 2 sessions
    When they end the other session on the account page
    Then the account page lists 1 session
    And the other device's token is refused
    When they turn on the authenticator app on the account page
    Then the account page shows 10 recovery codes once
    When they sign out on the account page
    And they sign in on the sign-in page with the password and the authenticator's code
    Then the account page shows "una@example.test"
    And the pages never put the token in a URL

  Scenario: The pages say what went wrong in words, and change nothing
    Given a verified account "vic@example.test" with password "violet walks nine amber dunes"
    And a browser whose device can hold passkeys
    When a person signs in on the sign-in page as "vic@example.test" with password "not the password at all"
    Then the sign-in page says "The address or the password is not right."
    When a person signs in on the sign-in page with a passkey the device does not hold
    Then the sign-in page says "The passkey request was cancelled or timed out. Try again when you are ready."
    When a person opens the account page without signing in
    Then the browser is on the sign-in page
