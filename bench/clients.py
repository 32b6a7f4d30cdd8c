"""Real HTTP clients for the benchmark: each has its own keep-alive connection and cookies,
signs in through the login form and books through the session page's form, as a browser
does (standard library only: http.client, no dependency to pin)."""

import http.client
import re
import time
from http.cookies import SimpleCookie
from urllib.parse import urlencode

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class Client:
    def __init__(self, port, address):
        self.port = port
        # Behind the one trusted proxy (TRUSTED_PROXIES=1), each client has its own address,
        # as interns in different places would: the login limits count per address.
        self.address = address
        self.cookies = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)

    def request(self, method, path, form=None):
        """(status, body, seconds); the connection is reopened once if the server closed it."""
        headers = {"X-Forwarded-For": self.address, "Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for attempt in (1, 2):
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
                if attempt == 2:
                    raise
        elapsed = time.perf_counter() - started
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, content.decode("utf-8", "replace"), elapsed

    def form_token(self, path):
        status, body, _ = self.request("GET", path)
        match = CSRF_INPUT.search(body)
        if status != 200 or not match:
            raise RuntimeError(f"GET {path} answered {status} without a form")
        return match.group(1)

    def login(self, email, password):
        """Signs in through allauth's form; returns the POST's seconds."""
        token = self.form_token("/compte/login/")
        status, _body, seconds = self.request(
            "POST", "/compte/login/",
            {"csrfmiddlewaretoken": token, "login": email, "password": password},
        )  # fmt: skip
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"login of {email} answered {status}")
        return seconds

    def book(self, path, token):
        """POSTs the booking form (token from the page's GET); returns (status, seconds)."""
        status, _body, seconds = self.request(
            "POST", path, {"csrfmiddlewaretoken": token, "action": "book"}
        )
        return status, seconds
