#!/usr/bin/env python3
"""Serve a built ViG Lab with nothing but Python 3 (>= 3.7), sending the cross-origin isolation headers
(COOP/COEP) that wasm threads need and the right MIME types. Ships inside the classroom archive beside serve.mjs.

    python3 serve.py                    serve ./site (beside this file) or else ./dist, port 8080, every interface
    python3 serve.py DIR --port 9000    another folder or port
    python3 serve.py --bind 127.0.0.1   this computer only

Without this file, `python3 -m http.server 8080 --directory site` also works, without the headers: the site
runs with one wasm thread and the live page says the page is not cross-origin isolated.
Browsers isolate only secure contexts (https, or http://localhost): other computers on a LAN get one thread.
"""
import argparse
import functools
import http.server
import os
import sys


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        '.html': 'text/html; charset=utf-8',
        '.js': 'text/javascript; charset=utf-8',
        '.mjs': 'text/javascript; charset=utf-8',
        '.css': 'text/css; charset=utf-8',
        '.json': 'application/json; charset=utf-8',
        '.svg': 'image/svg+xml',
        '.wasm': 'application/wasm',
        '.woff2': 'font/woff2',
        '.gz': 'application/gzip',
    }

    def end_headers(self):
        self.send_header('Cross-Origin-Opener-Policy', 'same-origin')
        self.send_header('Cross-Origin-Embedder-Policy', 'require-corp')
        self.send_header('X-Content-Type-Options', 'nosniff')
        hashed = '/_astro/' in self.path.split('?')[0]  # Vite names these after their content
        self.send_header('Cache-Control', 'public, max-age=31536000, immutable' if hashed else 'no-cache')
        super().end_headers()

    def list_directory(self, path):
        self.send_error(404, 'Not found')  # a folder without index.html is not a page
        return None

    def log_message(self, *args):
        if not QUIET:
            super().log_message(*args)


QUIET = False


def start_path(root):
    """The first folder with an index.html, breadth first ('/' or '/vig-lab/' for a build made with --base)."""
    queue = ['']
    while queue:
        rel = queue.pop(0)
        if os.path.isfile(os.path.join(root, rel, 'index.html')):
            return '/' + (rel + '/' if rel else '')
        if rel.count('/') < 3:
            try:
                names = sorted(os.listdir(os.path.join(root, rel)))
            except OSError:
                continue
            queue += [f'{rel}/{n}' if rel else n for n in names
                      if not n.startswith(('.', '_')) and os.path.isdir(os.path.join(root, rel, n))]
    return '/'


def main():
    global QUIET
    here = os.path.dirname(os.path.abspath(__file__))
    default_dir = os.path.join(here, 'site') if os.path.isdir(os.path.join(here, 'site')) else 'dist'
    p = argparse.ArgumentParser(description='Serve a built ViG Lab with COOP/COEP headers.')
    p.add_argument('dir', nargs='?', default=default_dir)
    p.add_argument('--port', '-p', type=int, default=8080)
    p.add_argument('--bind', '--host', default='0.0.0.0')
    p.add_argument('--quiet', action='store_true')
    a = p.parse_args()
    QUIET = a.quiet
    if not os.path.isdir(a.dir):
        sys.exit(f'serve.py: no folder {a.dir}')
    handler = functools.partial(Handler, directory=os.path.abspath(a.dir))
    with http.server.ThreadingHTTPServer((a.bind, a.port), handler) as httpd:
        port = httpd.server_address[1]
        host = '127.0.0.1' if a.bind in ('0.0.0.0', '') else a.bind
        print(f'Serving {os.path.abspath(a.dir)} (cross-origin isolated: COOP/COEP sent). Stop with Ctrl+C.\n'
              f'  this computer: http://{host}:{port}{start_path(a.dir)}   (wasm threads on; other computers: one thread)',
              flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == '__main__':
    main()
