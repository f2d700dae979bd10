#!/usr/bin/env python3
"""A Mesos v1 HTTP executor written the way one is written for Apache Mesos, with the
Python standard library only. It knows nothing of Mezzo: it reads the environment Mesos
gives an executor, subscribes to its agent's /api/v1/executor, and speaks JSON + RecordIO.

- LAUNCH: runs the task's shell command in the sandbox (TaskInfo.data, as custom executors
  receive their work; or TaskInfo.command.value); TASK_RUNNING, then TASK_FINISHED (exit 0)
  or TASK_FAILED.
- KILL: SIGTERM to the task's process group; TASK_KILLED.
- MESSAGE from the scheduler: answered with a MESSAGE "echo:<data>".
- ACKNOWLEDGED: the update leaves the executor's unacknowledged updates.
- SHUTDOWN: kills every task, reports them, exits 0.
- When the agent goes away (its stream ends), an executor of a checkpointing framework
  (MESOS_CHECKPOINT=1) subscribes again with its unacknowledged tasks and updates, retrying
  with a random backoff up to MESOS_SUBSCRIPTION_BACKOFF_MAX, and gives up (exit 1) after
  MESOS_RECOVERY_TIMEOUT; any other executor exits at once, as Mesos's executor library does.
"""

import base64
import http.client
import json
import os
import random
import re
import signal
import subprocess
import sys
import threading
import time
import uuid

UNITS = {"ns": 1e-9, "us": 1e-6, "ms": 1e-3, "secs": 1.0, "mins": 60.0, "hrs": 3600.0,
         "days": 86400.0, "weeks": 604800.0}


def log(*parts):
    print("echo_executor:", *parts, file=sys.stderr, flush=True)


def duration(text, default):
    """Seconds of a Mesos duration string such as '15mins', '2secs' or '500ms'."""
    if not text:
        return default
    match = re.fullmatch(r"\s*([0-9]*\.?[0-9]+)\s*(ns|us|ms|secs|mins|hrs|days|weeks)\s*", text)
    if not match:
        raise SystemExit("invalid duration %r" % text)
    return float(match.group(1)) * UNITS[match.group(2)]


class Executor:
    def __init__(self):
        env = os.environ
        self.framework_id = env["MESOS_FRAMEWORK_ID"]
        self.executor_id = env["MESOS_EXECUTOR_ID"]
        host, _, port = env["MESOS_AGENT_ENDPOINT"].rpartition(":")
        self.host, self.port = host, int(port)
        self.sandbox = env.get("MESOS_SANDBOX") or env.get("MESOS_DIRECTORY") or os.getcwd()
        self.checkpoint = env.get("MESOS_CHECKPOINT") == "1"
        self.recovery_timeout = duration(env.get("MESOS_RECOVERY_TIMEOUT"), 15 * 60.0)
        self.backoff_max = duration(env.get("MESOS_SUBSCRIPTION_BACKOFF_MAX"), 2.0)
        self.lock = threading.Lock()
        self.tasks = {}           # task ID -> TaskInfo (JSON) with no acknowledged update yet
        self.processes = {}       # task ID -> Popen of a running task
        self.killed = set()       # task IDs being killed
        self.unacknowledged = {}  # uuid (base64) -> Update (JSON), in the order sent
        self.shutting_down = False

    # --- calls -------------------------------------------------------------------------

    def call(self, body, timeout=10):
        body["framework_id"] = {"value": self.framework_id}
        body["executor_id"] = {"value": self.executor_id}
        connection = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        try:
            connection.request("POST", "/api/v1/executor", json.dumps(body),
                               {"Content-Type": "application/json", "Accept": "application/json"})
            response = connection.getresponse()
            text = response.read()
            if response.status != 202:
                log("call", body["type"], "answered", response.status, text[:300])
            return response.status
        finally:
            connection.close()

    def update(self, task_id, state, message=None):
        status = {"task_id": {"value": task_id}, "state": state, "source": "SOURCE_EXECUTOR",
                  "executor_id": {"value": self.executor_id},
                  "uuid": base64.b64encode(uuid.uuid4().bytes).decode("ascii"),
                  "timestamp": time.time()}
        if message:
            status["message"] = message
        update = {"status": status}
        with self.lock:
            self.unacknowledged[status["uuid"]] = update
        log("update", task_id, state)
        try:
            self.call({"type": "UPDATE", "update": update})
        except OSError as error:
            # Kept: it goes again with the next SUBSCRIBE.
            log("could not send update of", task_id, ":", error)

    def message(self, data):
        try:
            self.call({"type": "MESSAGE", "message": {"data": base64.b64encode(data).decode("ascii")}})
        except OSError as error:
            log("could not send a message:", error)

    # --- events ------------------------------------------------------------------------

    def subscribe(self):
        """Opens the event stream; returns the response, or None when the agent refuses."""
        with self.lock:
            body = {"type": "SUBSCRIBE", "subscribe": {
                "unacknowledged_tasks": list(self.tasks.values()),
                "unacknowledged_updates": list(self.unacknowledged.values())}}
        body["framework_id"] = {"value": self.framework_id}
        body["executor_id"] = {"value": self.executor_id}
        connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
        connection.request("POST", "/api/v1/executor", json.dumps(body),
                           {"Content-Type": "application/json", "Accept": "application/json"})
        response = connection.getresponse()
        if response.status != 200:
            log("SUBSCRIBE answered", response.status, response.read()[:300])
            connection.close()
            return None
        return response

    def events(self, response):
        while True:
            line = response.readline()
            if not line:
                return
            length = int(line.strip())
            record = response.read(length)
            if len(record) < length:
                return
            self.handle(json.loads(record))

    def handle(self, event):
        kind = event.get("type")
        if kind == "SUBSCRIBED":
            log("subscribed to agent", event["subscribed"]["agent_info"].get("id", {}).get("value"))
        elif kind == "LAUNCH":
            self.launch(event["launch"]["task"])
        elif kind == "LAUNCH_GROUP":
            for task in event["launch_group"]["task_group"].get("tasks", []):
                self.launch(task)
        elif kind == "KILL":
            self.kill(event["kill"]["task_id"]["value"])
        elif kind == "ACKNOWLEDGED":
            acked = event["acknowledged"]
            with self.lock:
                update = self.unacknowledged.pop(acked["uuid"], None)
                self.tasks.pop(acked["task_id"]["value"], None)
            state = update["status"]["state"] if update else "an unknown update"
            log("acknowledged", acked["task_id"]["value"], state)
        elif kind == "MESSAGE":
            data = base64.b64decode(event["message"]["data"])
            log("message", data)
            threading.Thread(target=self.message, args=(b"echo:" + data,), daemon=True).start()
        elif kind == "SHUTDOWN":
            self.shutdown()
        elif kind == "ERROR":
            log("error from the agent:", event.get("error", {}).get("message"))
        elif kind != "HEARTBEAT":
            log("ignored event", kind)

    # --- tasks -------------------------------------------------------------------------

    def launch(self, task):
        task_id = task["task_id"]["value"]
        with self.lock:
            if task_id in self.processes:
                return
            self.tasks[task_id] = task
        if "data" in task:
            command = base64.b64decode(task["data"]).decode("utf-8")
        else:
            command = task.get("command", {}).get("value", "true")
        process = subprocess.Popen(["/bin/sh", "-c", command], cwd=self.sandbox, start_new_session=True)
        with self.lock:
            self.processes[task_id] = process
        threading.Thread(target=self.watch, args=(task_id, process), daemon=True).start()
        self.update(task_id, "TASK_RUNNING")

    def watch(self, task_id, process):
        code = process.wait()
        with self.lock:
            killed = task_id in self.killed
        if killed:
            self.update(task_id, "TASK_KILLED", "killed by the executor")
        elif code == 0:
            self.update(task_id, "TASK_FINISHED", "exited with status 0")
        else:
            self.update(task_id, "TASK_FAILED", "exited with status %d" % code)
        with self.lock:
            self.processes.pop(task_id, None)

    def kill(self, task_id):
        with self.lock:
            process = self.processes.get(task_id)
            if process is None:
                return
            self.killed.add(task_id)
        try:
            os.killpg(process.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass

    def shutdown(self):
        log("shutting down")
        self.shutting_down = True
        with self.lock:
            running = list(self.processes)
        for task_id in running:
            self.kill(task_id)
        deadline = time.time() + 3
        while time.time() < deadline:
            with self.lock:
                if not self.processes:
                    break
            time.sleep(0.05)
        os._exit(0)

    # --- main loop ---------------------------------------------------------------------

    def run(self):
        disconnected = None
        while True:
            try:
                response = self.subscribe()
                if response is not None:
                    disconnected = None
                    self.events(response)
                    log("the agent closed the event stream")
            except (OSError, http.client.HTTPException, ValueError) as error:
                log("event stream failed:", error)
            if self.shutting_down:
                return 0
            if not self.checkpoint:
                log("disconnected from the agent; the framework does not checkpoint, exiting")
                return 1
            now = time.time()
            disconnected = disconnected or now
            if now - disconnected > self.recovery_timeout:
                log("the agent did not come back within the recovery timeout")
                return 1
            time.sleep(random.uniform(0, self.backoff_max))


if __name__ == "__main__":
    sys.exit(Executor().run())
