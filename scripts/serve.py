#!/usr/bin/env python3
"""Serve a built ViG Lab with nothing but Python 3 (>= 3.7), sending the cross-origin isolation headers
(COOP/COEP) that wasm threads need, the right MIME types and validators (ETag, Last-Modified, 304). Ships inside
the classroom archive beside serve.mjs.

    python3 serve.py                    serve ./site (beside this file) or else ./dist on 127.0.0.1:8080
    python3 serve.py --lan              the same for a class: every interface, so students on the network get in
    python3 serve.py DIR --port 9000    another folder or port

It holds a class (issue 26): a backlog of 1024 connections (http.server's 5 made 150 students wait 123 s), a thread
per connection up to a bound, request headers within 10 s and sockets idle for --timeout (30 s) closed, so slow or
stalled clients cannot hold it. It serves regular files inside the folder only: no dotfiles, no `_headers`, no
symlink out of the folder, no FIFO or device; a NUL in the path is a 400. Do not serve a class with
`python3 -m http.server`: it has none of this and sends no headers (one wasm thread).
Browsers isolate only secure contexts (https, or http://localhost): other computers on a LAN get one thread.
"""
import argparse
import email.utils
import http.server
import os
import re
import socket
import stat
import sys
import threading
import time
import urllib.parse

IDLE_TIMEOUT = 30.0  # seconds a socket may go with nothing sent or received
HEADERS_TIMEOUT = 10.0  # seconds a request's line and headers may take to arrive, however slowly they drip
MAX_CONNECTIONS = 1024  # threads at once; more clients wait in the accept backlog
HIDDEN = re.compile(r'^(\.|_headers[. ]*$)', re.IGNORECASE)  # dotfiles and Netlify's host file, any case
DOT = ('.', '%2e')
DOTDOT = ('..', '.%2e', '%2e.', '%2e%2e')
QUIET = False


class Watchdog:
    """Shuts down sockets whose request has not fully arrived by its deadline (a slowloris drips one byte a
    second, which no per-read timeout catches). One thread for the whole server, not a timer per request."""

    def __init__(self, interval):
        self.lock = threading.Lock()
        self.deadlines = {}
        self.interval = interval
        threading.Thread(target=self.run, name='watchdog', daemon=True).start()

    def arm(self, sock, seconds):
        with self.lock:
            self.deadlines[sock] = time.monotonic() + seconds

    def disarm(self, sock):
        with self.lock:
            self.deadlines.pop(sock, None)

    def run(self):
        while True:
            time.sleep(self.interval)
            now = time.monotonic()
            with self.lock:
                late = [s for s, d in self.deadlines.items() if d <= now]
                for s in late:
                    del self.deadlines[s]
                    try:
                        s.shutdown(socket.SHUT_RDWR)  # the handler's blocked read returns; it closes the socket
                    except OSError:
                        pass


def inside(root, real):
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


def open_inside(root, path):
    """(fd, stat) for a regular file whose real path is inside root, else None. Opened without blocking (a FIFO
    would hang the thread) and checked on the descriptor, so what is checked is what is sent."""
    real = os.path.normcase(os.path.realpath(path))
    if not inside(root, real):
        return None
    try:
        fd = os.open(real, os.O_RDONLY | getattr(os, 'O_NONBLOCK', 0) | getattr(os, 'O_BINARY', 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if stat.S_ISREG(st.st_mode):
            return fd, st
    except OSError:
        pass
    os.close(fd)
    return None


def remove_dots(raw):
    """The path with `.` and `..` segments resolved as browsers and URL parsers do (`%2e` counts as a dot)."""
    segments = raw.split('/')[1:]
    out = []
    for i, seg in enumerate(segments):
        low = seg.lower()
        last = i == len(segments) - 1
        if low in DOT or low in DOTDOT:
            if low in DOTDOT and out:
                out.pop()
            if last:
                out.append('')
            continue
        out.append(seg)
    return '/' + '/'.join(out)


def etag_of(st):
    return 'W/"%x-%x"' % (st.st_size, st.st_mtime_ns // 1000000)


class Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'  # keep-alive: a browser's 6 sockets carry a page's 40 files
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

    def setup(self):
        self.timeout = self.server.idle_timeout  # every read and write on the socket
        super().setup()

    def handle_one_request(self):
        self.server.watchdog.arm(self.connection, self.server.headers_timeout)
        try:
            super().handle_one_request()
        finally:
            self.server.watchdog.disarm(self.connection)

    def parse_request(self):
        ok = super().parse_request()
        self.server.watchdog.disarm(self.connection)  # the headers are in; a slow download is the idle timeout's
        return ok

    def end_headers(self):
        self.send_header('Cross-Origin-Opener-Policy', 'same-origin')
        self.send_header('Cross-Origin-Embedder-Policy', 'require-corp')
        self.send_header('X-Content-Type-Options', 'nosniff')
        hashed = '/_astro/' in self.path.split('?')[0]  # Vite names these after their content
        self.send_header('Cache-Control', 'public, max-age=31536000, immutable' if hashed else 'no-cache')
        super().end_headers()

    def fresh(self, st, etag):
        """The client's copy is current: If-None-Match decides when sent (RFC 9110 13.1.3), else If-Modified-Since."""
        inm = self.headers.get('If-None-Match')
        if inm is not None:
            return inm.strip() == '*' or any(t.strip().replace('W/', '', 1) == etag[2:] for t in inm.split(','))
        try:
            since = email.utils.parsedate_to_datetime(self.headers.get('If-Modified-Since', '')).timestamp()
        except (TypeError, ValueError, IndexError, OverflowError):
            return False
        return int(st.st_mtime) <= since

    def not_found(self):
        page = open_inside(self.server.root, os.path.join(self.server.root, '404.html'))
        if page is None:
            self.send_error(404, 'Not found')
            return None
        fd, st = page
        self.send_response(404)
        self.send_header('Content-Type', 'text/html; charset=utf-8')
        self.send_header('Content-Length', str(st.st_size))
        self.end_headers()
        return os.fdopen(fd, 'rb')

    def send_head(self):
        raw, _, query = self.path.partition('?')
        raw = raw.split('#', 1)[0]
        if not raw.startswith('/'):
            self.send_error(400, 'Bad request')
            return None
        normalized = remove_dots(raw)
        path = urllib.parse.unquote(normalized)
        if '\0' in path:
            self.send_error(400, 'Bad request')  # os.open would raise ValueError: a traceback, a dropped connection
            return None
        parts = re.split(r'[/\\]', path[1:])  # backslash too: Windows reads it as a separator
        if any(HIDDEN.match(p) for p in parts):
            return self.not_found()
        file = os.path.join(self.server.root, *[p for p in parts if p])
        if os.path.isdir(file):
            if not path.endswith('/'):
                # One leading slash, always: `//lab/` in a Location header is another host's address.
                location = '/' + '/'.join(s for s in normalized.split('/') if s) + '/' + ('?' + query if query else '')
                self.send_response(301)
                self.send_header('Location', location)
                self.send_header('Content-Length', '0')
                self.end_headers()
                return None
            file = os.path.join(file, 'index.html')
        opened = open_inside(self.server.root, file)
        if opened is None:
            return self.not_found()
        fd, st = opened
        etag = etag_of(st)
        if self.fresh(st, etag):
            os.close(fd)
            self.send_response(304)
            self.send_header('ETag', etag)
            self.send_header('Last-Modified', self.date_time_string(st.st_mtime))
            self.end_headers()
            return None
        self.send_response(200)
        self.send_header('Content-Type', self.guess_type(file))
        self.send_header('Content-Length', str(st.st_size))
        self.send_header('Last-Modified', self.date_time_string(st.st_mtime))
        self.send_header('ETag', etag)
        self.end_headers()
        return os.fdopen(fd, 'rb')  # do_GET copies and closes it, also when the client goes away

    def log_message(self, *args):
        if not QUIET:
            super().log_message(*args)


def connection_limit():
    """MAX_CONNECTIONS, or fewer where the descriptor limit is low (macOS: 256): each connection holds a socket and
    a file, and a server out of descriptors answers nothing and spins on accept()."""
    try:
        import resource
        soft = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
    except (ImportError, OSError, ValueError):
        return MAX_CONNECTIONS
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(8, min(MAX_CONNECTIONS, (soft - 32) // 2))


class Server(http.server.ThreadingHTTPServer):
    request_queue_size = 1024  # socketserver's default of 5 drops a class's connections (SYN retries, 1 s, 3 s, 7 s...)
    daemon_threads = True
    block_on_close = False  # no list of every thread ever started

    def __init__(self, address, root, idle_timeout, headers_timeout):
        self.root = os.path.normcase(os.path.realpath(root))
        self.idle_timeout = idle_timeout
        self.headers_timeout = headers_timeout
        self.watchdog = Watchdog(min(1.0, headers_timeout / 4))
        self.slots = threading.BoundedSemaphore(connection_limit())
        super().__init__(address, Handler)

    def process_request(self, request, client_address):
        self.slots.acquire()  # at the bound, the accept loop waits here and new clients wait in the backlog
        try:
            super().process_request(request, client_address)
        except BaseException:
            self.slots.release()
            raise

    def process_request_thread(self, request, client_address):
        try:
            super().process_request_thread(request, client_address)
        finally:
            self.slots.release()

    def handle_error(self, request, client_address):
        err = sys.exc_info()[1]
        if isinstance(err, (ConnectionError, TimeoutError, socket.timeout)):
            return  # a client that left or stalled: normal for a class, not worth a traceback
        print(f'serve.py: {client_address[0]}: {type(err).__name__}: {err}', file=sys.stderr)


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


def lan_address():
    """This computer's address on its network, or None (a UDP connect sends nothing; it only picks a route)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        s.connect(('10.255.255.255', 1))
        return s.getsockname()[0]
    except OSError:
        return None
    finally:
        s.close()


def main():
    global QUIET
    here = os.path.dirname(os.path.abspath(__file__))
    default_dir = os.path.join(here, 'site') if os.path.isdir(os.path.join(here, 'site')) else 'dist'
    p = argparse.ArgumentParser(
        description='Serve a built ViG Lab with COOP/COEP headers and validators (ETag, 304). It answers this computer '
                    'only (127.0.0.1) unless given --lan.',
        formatter_class=argparse.ArgumentDefaultsHelpFormatter)
    p.add_argument('dir', nargs='?', default=default_dir, help='the built site')
    p.add_argument('--port', '-p', type=int, default=8080, help='the port (0: any free one)')
    p.add_argument('--lan', action='store_true', help='listen on every interface (0.0.0.0), for a class on this network')
    p.add_argument('--bind', '--host', default=None, help='the address to listen on (default 127.0.0.1)')
    p.add_argument('--timeout', type=float, default=IDLE_TIMEOUT,
                   help=f'seconds a socket may go with nothing sent or received; request headers must arrive '
                        f'within {HEADERS_TIMEOUT:g} s or this, whichever is less')
    p.add_argument('--quiet', action='store_true', help='no line per request')
    a = p.parse_args()
    QUIET = a.quiet
    if not os.path.isdir(a.dir):
        sys.exit(f'serve.py: no folder {a.dir}')
    if not 0.1 <= a.timeout <= 3600:
        sys.exit(f'serve.py: --timeout must be from 0.1 to 3600 seconds, got {a.timeout:g}')
    if a.lan and a.bind not in (None, '0.0.0.0'):
        sys.exit(f'serve.py: --lan listens on 0.0.0.0; it cannot be combined with --bind {a.bind}')
    bind = '0.0.0.0' if a.lan else (a.bind or '127.0.0.1')
    everywhere = bind in ('0.0.0.0', '')
    with Server((bind, a.port), os.path.abspath(a.dir), a.timeout, min(HEADERS_TIMEOUT, a.timeout)) as httpd:
        port = httpd.server_address[1]
        host = '127.0.0.1' if everywhere else bind
        start = start_path(a.dir)
        print(f'Serving {os.path.abspath(a.dir)} (cross-origin isolated: COOP/COEP sent). Stop with Ctrl+C.\n'
              f'  this computer:   http://{host}:{port}{start}   (wasm threads on)', flush=True)
        if everywhere:
            lan = lan_address() or "<this computer's address>"
            print(f'  on the network:  http://{lan}:{port}{start}   (not https: one wasm thread)', flush=True)
        elif host.startswith('127.') or host in ('::1', 'localhost'):
            print('  (this computer only: for a class on this network, add --lan)', flush=True)
        try:
            httpd.serve_forever()
        except KeyboardInterrupt:
            pass


if __name__ == '__main__':
    main()
