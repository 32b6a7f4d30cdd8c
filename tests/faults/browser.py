"""A minimal browser for the fault tests: cookies, CSRF, one connection per request (so that a
server restarting between two requests is no trouble), redirects not followed."""

import http.client
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

CSRF_SECRET = "faultsfaultsfaultsfaultsfaults12"  # 32 characters: a CSRF secret, as Django's


@dataclass
class Page:
    status: int
    headers: dict
    body: str

    @property
    def location(self):
        return self.headers.get("location", "")


class Browser:
    def __init__(self, port, *, session_key=None):
        self.port = port
        self.cookies = {"csrftoken": CSRF_SECRET}
        if session_key:
            self.cookies["sessionid"] = session_key

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data=None):
        body = urllib.parse.urlencode(data or {}, doseq=True)
        return self.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "X-CSRFToken": self.cookies["csrftoken"],
            },
        )

    def request(self, method, path, *, body=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            cookie = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
            connection.request(
                method, path, body=body, headers={"Cookie": cookie, **(headers or {})}
            )
            response = connection.getresponse()
            page = Page(
                status=response.status,
                headers={name.lower(): value for name, value in response.getheaders()},
                body=response.read().decode("utf-8", errors="replace"),
            )
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    for morsel in SimpleCookie(value).values():
                        if morsel.value and morsel["max-age"] != "0":
                            self.cookies[morsel.key] = morsel.value
                        else:  # deleted (a logout)
                            self.cookies.pop(morsel.key, None)
            return page
        finally:
            connection.close()

    def login(self, email, password):
        """The allauth login form, as a person fills it in; the page it answers."""
        return self.post("/compte/login/", {"login": email, "password": password})
