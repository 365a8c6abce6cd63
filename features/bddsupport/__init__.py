"""Support code for the authlens BDD suite: a real SMTP sink, the service under test, an HTTP
client that remembers every secret it handles, and the log scan that proves none leaked."""
