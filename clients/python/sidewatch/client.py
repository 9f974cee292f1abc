import collections
import dataclasses
import json
import logging
import threading
import time
import urllib.error
import urllib.request
from typing import Any, Dict, Optional, Union

log = logging.getLogger("sidewatch")

Scalar = Union[int, float, str, bool, None]


@dataclasses.dataclass
class Stats:
    """What the client did so far; read it with `Sidewatch.stats()`."""

    queued: int = 0
    sent: int = 0
    dropped: int = 0  # the queue was full: the oldest rows made room
    rejected: int = 0  # the daemon refused them (4xx other than 429); not retried
    retries: int = 0
    failed: int = 0  # gave up after the retry budget (network down, 5xx)


class Sidewatch:
    """A background sender of prediction and label rows to one Sidewatch daemon.

    >>> sw = Sidewatch("http://127.0.0.1:8080", token=None)
    >>> sw.log_prediction("churn", {"age": 31}, prediction=1, score=0.83, id="req-1")
    >>> sw.log_label("churn", "req-1", 1)
    >>> sw.close()
    """

    def __init__(
        self,
        url: str,
        token: Optional[str] = None,
        *,
        max_queue: int = 10_000,
        batch_size: int = 500,
        flush_interval: float = 1.0,
        timeout: float = 5.0,
        max_retry_seconds: float = 60.0,
    ) -> None:
        self._url = url.rstrip("/")
        self._token = token
        self._batch_size = max(1, batch_size)
        self._flush_interval = flush_interval
        self._timeout = timeout
        self._max_retry_seconds = max_retry_seconds
        # A deque with maxlen drops from the other end when full: the oldest rows go first.
        self._queues: Dict[str, collections.deque] = {
            "predictions": collections.deque(maxlen=max(1, max_queue)),
            "labels": collections.deque(maxlen=max(1, max_queue)),
        }
        self._lock = threading.Lock()
        self._wake = threading.Event()
        self._idle = threading.Event()
        self._idle.set()
        self._closed = False
        self._stats = Stats()
        self._thread = threading.Thread(target=self._run, name="sidewatch-sender", daemon=True)
        self._thread.start()

    # The request path: append and return.

    def log_prediction(
        self,
        model: str,
        features: Dict[str, Scalar],
        prediction: Union[int, float, str, bool],
        *,
        id: Optional[str] = None,
        score: Optional[float] = None,
        version: Optional[str] = None,
        ts: Optional[float] = None,
        segment: Optional[str] = None,
    ) -> None:
        row: Dict[str, Any] = {"model": model, "features": features, "prediction": prediction}
        for k, v in (("id", id), ("score", score), ("version", version), ("segment", segment)):
            if v is not None:
                row[k] = v
        row["ts"] = int((ts if ts is not None else time.time()) * 1000)
        self._put("predictions", row)

    def log_label(self, model: str, id: str, label: Union[int, float, str, bool], *, ts: Optional[float] = None) -> None:
        self._put("labels", {"model": model, "id": id, "label": label, "ts": int((ts if ts is not None else time.time()) * 1000)})

    def _put(self, kind: str, row: Dict[str, Any]) -> None:
        try:
            with self._lock:
                if self._closed:
                    self._stats.dropped += 1
                    return
                q = self._queues[kind]
                if len(q) == q.maxlen:
                    self._stats.dropped += 1
                q.append(row)
                self._stats.queued += 1
                self._idle.clear()
                full = len(q) >= self._batch_size
            if full:
                self._wake.set()
        except Exception:  # never into the model's request path
            log.exception("sidewatch: could not queue a row")

    # Control.

    def stats(self) -> Stats:
        with self._lock:
            return dataclasses.replace(self._stats)

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Waits until every queued row was sent (or given up on); True when the queue is empty."""
        self._wake.set()
        return self._idle.wait(timeout)

    def close(self, timeout: float = 10.0) -> None:
        """Sends what is queued (for at most `timeout` seconds) and stops the thread."""
        self.flush(timeout)
        with self._lock:
            self._closed = True
        self._wake.set()
        self._thread.join(timeout)

    # The sender thread.

    def _take(self, kind: str) -> list:
        with self._lock:
            q = self._queues[kind]
            n = min(len(q), self._batch_size)
            return [q.popleft() for _ in range(n)]

    def _run(self) -> None:
        while True:
            self._wake.wait(self._flush_interval)
            self._wake.clear()
            sent_any = True
            while sent_any:
                sent_any = False
                for kind in ("predictions", "labels"):
                    batch = self._take(kind)
                    if batch:
                        sent_any = True
                        self._send(kind, batch)
            with self._lock:
                empty = not any(self._queues.values())
                closed = self._closed
                if empty:
                    self._idle.set()
            if closed and empty:
                return

    def _send(self, kind: str, batch: list) -> None:
        body = json.dumps(batch).encode("utf-8")
        headers = {"Content-Type": "application/json"}
        if self._token:
            headers["Authorization"] = "Bearer " + self._token
        deadline = time.monotonic() + self._max_retry_seconds
        delay = 0.5
        while True:
            req = urllib.request.Request(self._url + "/v1/" + kind, data=body, headers=headers, method="POST")
            try:
                with urllib.request.urlopen(req, timeout=self._timeout) as res:
                    res.read()
                with self._lock:
                    self._stats.sent += len(batch)
                return
            except urllib.error.HTTPError as e:
                if e.code not in (429, 503) and e.code < 500:
                    with self._lock:
                        self._stats.rejected += len(batch)
                    log.warning("sidewatch refused %d %s: HTTP %d %s", len(batch), kind, e.code, e.read()[:300])
                    return
                wait = _retry_after(e.headers.get("Retry-After"), delay)
            except (urllib.error.URLError, OSError) as e:
                wait = delay
                log.debug("sidewatch unreachable: %s", e)
            if time.monotonic() + wait > deadline:
                with self._lock:
                    self._stats.failed += len(batch)
                log.warning("sidewatch: gave up on %d %s after %.0f s of retries", len(batch), kind, self._max_retry_seconds)
                return
            with self._lock:
                self._stats.retries += 1
            time.sleep(wait)
            delay = min(delay * 2, 30.0)


def _retry_after(header: Optional[str], fallback: float) -> float:
    if header:
        try:
            return max(0.0, float(header))
        except ValueError:
            pass
    return fallback
