"""A TCP forwarder in front of the graph server that can drop the connection mid-message.

Tests use it to cut a push off the way a network failure does: the server
receives half a query and then a closed socket.
"""

from __future__ import annotations

import socket
import threading


class CuttingProxy:
    """Forwards 127.0.0.1:``port`` to ``target``; :meth:`cut_after` drops everything after n more bytes."""

    def __init__(self, target_host: str, target_port: int) -> None:
        self._target = (target_host, target_port)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._sockets: list[socket.socket] = []
        self._budget: int | None = None  # client bytes still to forward before the cut
        self.cut = False
        self.client_bytes = 0  # forwarded from clients so far
        threading.Thread(target=self._accept, daemon=True).start()

    def cut_after(self, client_bytes: int) -> None:
        """Forward ``client_bytes`` more bytes from the client, then drop every connection and refuse new ones."""
        with self._lock:
            self._budget = client_bytes

    def restore(self) -> None:
        with self._lock:
            self._budget, self.cut = None, False

    def close(self) -> None:
        self._drop()
        _shut(self._listener)  # wakes the accept() below, which a plain close() does not

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            if self.cut:
                _shut(client)
                continue
            try:
                server = socket.create_connection(self._target)
            except OSError:
                _shut(client)
                continue
            with self._lock:
                self._sockets += [client, server]
            threading.Thread(target=self._pump, args=(client, server, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(server, client, False), daemon=True).start()

    def _pump(self, source: socket.socket, sink: socket.socket, from_client: bool) -> None:
        try:
            while data := source.recv(65536):
                with self._lock:
                    if from_client and self._budget is not None:
                        data, self._budget = data[: self._budget], self._budget - len(data)
                        if self._budget <= 0:
                            self.cut = True
                    if from_client:
                        self.client_bytes += len(data)
                if data:
                    sink.sendall(data)
                if self.cut:
                    self._drop()
                    return
        except OSError:
            pass
        finally:
            _shut(source)  # both ends, so the other direction's recv() returns too
            _shut(sink)

    def _drop(self) -> None:
        with self._lock:
            sockets, self._sockets = self._sockets, []
        for sock in sockets:
            _shut(sock)


def _shut(sock: socket.socket) -> None:
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass
    sock.close()
