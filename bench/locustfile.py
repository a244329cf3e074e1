"""Sign-up under load (make bench): each simulated user signs up for a meeting
through the API and cancels again, over and over. Sessions and CSRF tokens are
prepared by bench/run.py and passed in a JSON file (BENCH_LOAD_FILE), so the
load is the sign-up itself, not logging in."""

import json
import os
import random
from itertools import count

from locust import between, events
from locust.contrib.fasthttp import FastHttpUser

with open(os.environ["BENCH_LOAD_FILE"], encoding="utf-8") as handle:
    SETUP = json.load(handle)
_next_user = count()
SERVER_ERRORS = {"count": 0}


@events.request.add_listener
def _count_server_errors(response=None, **_kwargs) -> None:
    if response is not None and getattr(response, "status_code", 0) >= 500:
        SERVER_ERRORS["count"] += 1


@events.quitting.add_listener
def _write_server_errors(environment, **_kwargs) -> None:
    with open(os.environ["BENCH_LOAD_FILE"] + ".5xx", "w", encoding="utf-8") as handle:
        handle.write(str(SERVER_ERRORS["count"]))


class Coworker(FastHttpUser):
    wait_time = between(0, 0.05)

    def on_start(self) -> None:
        account = SETUP["accounts"][next(_next_user) % len(SETUP["accounts"])]
        self.headers = {
            "Cookie": f"sessionid={account['session']}; csrftoken={account['csrf']}",
            "X-CSRFToken": account["csrf"],
            "Content-Type": "application/json",
            "Accept": "application/json",
        }
        self.rng = random.Random(account["session"])  # noqa: S311 - load pattern, not security  # nosec B311

    def _check(self, response, allowed: tuple[int, ...]) -> None:
        if response.status_code in allowed:
            response.success()
        else:
            response.failure(f"status {response.status_code}: {(response.text or '')[:200]}")

    def task_sign_up_and_cancel(self) -> None:
        meeting = self.rng.choice(SETUP["meetings"])
        url = f"/api/meetings/{meeting}/registration/"
        body = json.dumps({"join_waitlist": True})
        # 201: a seat or a waitlist place; 400/409: refused (e.g. already registered).
        with self.client.post(
            url, data=body, headers=self.headers, name="sign up", catch_response=True
        ) as response:
            self._check(response, (201, 400, 409))
        # 200: cancelled; 404: nothing to cancel (the sign-up was refused).
        with self.client.delete(
            url, headers=self.headers, name="cancel", catch_response=True
        ) as response:
            self._check(response, (200, 404))

    tasks = [task_sign_up_and_cancel]
