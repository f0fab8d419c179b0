"""A member turns pushes on in the browser and gets a test push. The server must have
PEERCIRCLE_PUSH_SERVICES=http://127.0.0.1:8799 (as .ci/run starts it): this test runs that push
service and reads each push with Python's `cryptography` — an implementation independent of the
server's — decrypting RFC 8291 and checking the VAPID signature (RFC 8292)."""
import base64
import json
import random
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

from conftest import BASE, navigate
from test_first_day import join

PORT = 8799


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64(text):
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def hkdf(salt, ikm, info, length):
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=salt, info=info).derive(ikm)


def decrypt(body, private_key, auth):
    """RFC 8291 / RFC 8188 aes128gcm, the receiving side."""
    salt, record_size, id_length = body[:16], int.from_bytes(body[16:20], "big"), body[20]
    assert record_size == 4096
    server_public = body[21:21 + id_length]
    ciphertext = body[21 + id_length:]
    browser_public = private_key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    shared = private_key.exchange(ec.ECDH(), ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), server_public))
    ikm = hkdf(auth, shared, b"WebPush: info\x00" + browser_public + server_public, 32)
    key = hkdf(salt, ikm, b"Content-Encoding: aes128gcm\x00", 16)
    nonce = hkdf(salt, ikm, b"Content-Encoding: nonce\x00", 12)
    plain = AESGCM(key).decrypt(nonce, ciphertext, None).rstrip(b"\x00")
    assert plain.endswith(b"\x02"), "the last record ends with the delimiter 0x02"
    return plain[:-1]


def check_vapid(header, audience):
    """The JWT's ES256 signature against the key sent beside it; returns that key."""
    assert header.startswith("vapid t=") and ", k=" in header
    token, key = header[len("vapid t="):].split(", k=")
    head, claims, signature = token.split(".")
    public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), unb64(key))
    raw = unb64(signature)
    der = encode_dss_signature(int.from_bytes(raw[:32], "big"), int.from_bytes(raw[32:], "big"))
    public.verify(der, (head + "." + claims).encode(), ec.ECDSA(hashes.SHA256()))  # raises when wrong
    assert json.loads(unb64(head)) == {"typ": "JWT", "alg": "ES256"}
    body = json.loads(unb64(claims))
    assert body["aud"] == audience and body["exp"] > time.time()
    return key


class Inbox(BaseHTTPRequestHandler):
    received = []

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        Inbox.received.append((self.path, dict((k.lower(), v) for k, v in self.headers.items()), self.rfile.read(length)))
        self.send_response(201)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture
def push_service():
    Inbox.received = []
    server = HTTPServer(("127.0.0.1", PORT), Inbox)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield Inbox.received
    server.shutdown()
    server.server_close()


def test_member_turns_pushes_on_and_a_test_push_arrives_encrypted_and_signed(browser, push_service):
    name = "Pusher%05d" % random.randint(0, 99999)
    join(browser, name)
    # The browser asks nothing in a headless run: notifications are granted for this site.
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": BASE, "permissions": ["notifications"]})
    browser.get(BASE + "/settings/notifications")
    assert browser.find_element(By.CSS_SELECTOR, "link[rel=manifest]")
    button = browser.find_element(By.XPATH, "//button[text()='Turn on pushes on this device']")
    assert button.is_displayed(), "push.js shows the button where the browser can take pushes"

    # Headless Chromium has no push service of its own; the page's subscription is pointed at the
    # one this test runs, with keys only this test holds.
    key = ec.generate_private_key(ec.SECP256R1())
    auth = bytes(random.getrandbits(8) for _ in range(16))
    endpoint = "http://127.0.0.1:%d/push/%s" % (PORT, name)
    public = key.public_key().public_bytes(serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint)
    browser.execute_script("""
        var made = {endpoint: arguments[0], keys: {p256dh: arguments[1], auth: arguments[2]}};
        PushManager.prototype.getSubscription = function () { return Promise.resolve(null); };
        PushManager.prototype.subscribe = function (options) {
          if (options.applicationServerKey.length !== 65 || options.userVisibleOnly !== true) return Promise.reject(new Error("bad options"));
          return Promise.resolve({toJSON: function () { return made; }});
        };""", endpoint, b64(public), b64(auth))
    navigate(browser, button)
    assert "Pushes are on for this device" in browser.page_source
    assert "(this device)" in browser.page_source
    # The service worker took the whole site.
    scope = browser.execute_async_script(
        "var done = arguments[0]; navigator.serviceWorker.getRegistration('/').then(function (r) { done(r ? r.scope : null); });")
    assert scope == BASE + "/"

    navigate(browser, browser.find_element(By.XPATH, "//button[text()='Send a test push']"))
    assert "A test push is on its way" in browser.page_source
    WebDriverWait(browser, 15).until(lambda _: len(push_service) >= 1)
    path, headers, body = push_service[0]
    assert path == "/push/" + name
    assert headers["content-encoding"] == "aes128gcm" and headers["urgency"] == "normal" and int(headers["ttl"]) > 0
    sent_key = check_vapid(headers["authorization"], "http://127.0.0.1:%d" % PORT)
    assert sent_key == browser.find_element(By.ID, "push-form").get_attribute("data-key")
    message = json.loads(decrypt(body, key, auth))
    assert message["body"].startswith("Pushes from ") and message["url"] == "/settings/notifications"

    # Stopping pushes on the device: the server forgets it.
    navigate(browser, browser.find_element(By.XPATH, "//button[text()='Stop pushes']"))
    assert "That device gets no more pushes." in browser.page_source
    assert "No device gets pushes yet." in browser.page_source


def test_a_browser_without_a_push_service_gets_a_clear_answer(browser):
    """Headless Chromium has no push service: subscribing fails or never answers. Either way the
    member is told, and may try again."""
    join(browser, "Nopush%05d" % random.randint(0, 99999))
    browser.execute_cdp_cmd("Browser.grantPermissions", {"origin": BASE, "permissions": ["notifications"]})
    browser.get(BASE + "/settings/notifications")
    button = browser.find_element(By.XPATH, "//button[text()='Turn on pushes on this device']")
    button.click()
    WebDriverWait(browser, 25).until(lambda d: "could not turn pushes on" in d.find_element(By.ID, "push-status").text)
    assert button.is_enabled()
    assert "No device gets pushes yet." in browser.page_source
