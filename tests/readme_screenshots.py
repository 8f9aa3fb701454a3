"""Take the README's four screenshots ("What readers get" > "The pages") of a built site:

    .venv/bin/mkdocs build && .venv/bin/python tests/readme_screenshots.py site docs/images

Home and the evidence map at 1280 px in the light scheme, a proposition at 1280 px in the dark one (at half
scale, to keep the files small), and an evidence record on a 375 px phone. Uses Debian's Chromium, like the
browser tests. Not a test: the browser tests check these pages (axe-core, no sideways scroll).
"""

from __future__ import annotations

import functools
import http.server
import os
import sys
import threading

from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("CHROMIUM") or "/usr/bin/chromium"
SHOTS = [  # name, path in the site, viewport width and height, colour scheme, scale of the image
    ("home", "", 1280, 1000, "light", 0.5),
    ("proposition", "propositions/future-can-be-local/", 1280, 820, "dark", 0.5),
    ("evidence-record", "evidence/treorchy-high-street/", 375, 900, "light", 1),
    ("evidence-map", "evidence-map/", 1280, 1000, "light", 0.5),
]


def main(site: str, folder: str) -> None:
    """Serve `site` on a local port and save each of SHOTS as `folder`/<name>.png."""
    http.server.SimpleHTTPRequestHandler.log_message = lambda *args: None
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=site)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox"])
        for name, path, width, height, scheme, scale in SHOTS:
            context = browser.new_context(
                viewport={"width": width, "height": height}, color_scheme=scheme, device_scale_factor=scale
            )
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{server.server_address[1]}/{path}", wait_until="load")
            page.screenshot(path=f"{folder}/{name}.png")
            context.close()
        browser.close()
    server.shutdown()


if __name__ == "__main__":
    main(*sys.argv[1:3])
