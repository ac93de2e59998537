"""lawgov remind against real servers on the loopback: aiosmtpd for mail, http.server for robots.

No mock of smtplib or urllib: each test starts its own servers on 127.0.0.1 (never any other
address) and reads what they received.  A closed port stands for a server that is down.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from conftest import ok, snapshot, usage_error

AS_OF = "2024-07-15"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Mailbox:
    port: int
    envelopes: list[Any] = field(default_factory=list)


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # urllib honours proxy variables: make sure loopback requests go straight to our server.
    for var in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    monkeypatch.delenv("LAWGOV_SMTP_PASSWORD", raising=False)


@pytest.fixture
def smtp() -> Iterator[Mailbox]:
    from aiosmtpd.controller import Controller

    box = Mailbox(port=free_port())

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            box.envelopes.append(envelope)
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=box.port)
    controller.start()
    try:
        yield box
    finally:
        controller.stop()


@dataclass
class Robot:
    url: str
    posts: list[tuple[str, dict[str, str], bytes]]
    answer: dict[str, Any]


@pytest.fixture
def robot() -> Iterator[Robot]:
    posts: list[tuple[str, dict[str, str], bytes]] = []
    answer: dict[str, Any] = {"status": 200, "body": b'{"errcode":0,"errmsg":"ok"}'}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            posts.append((self.path, dict(self.headers), self.rfile.read(length)))
            self.send_response(answer["status"])
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(answer["body"])

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Robot(f"http://127.0.0.1:{server.server_address[1]}", posts, answer)
    finally:
        server.shutdown()
        server.server_close()


def configure(workspace: Path, port: int, robot_url: str, *, mail: str | None = None) -> None:
    """sifaju: two addresses and a 企业微信-shaped robot; fgw: a 钉钉 robot only; others: nothing."""
    registry = workspace / "departments.toml"
    text = registry.read_text(encoding="utf-8")
    text = text.replace(
        'id = "sifaju"\n',
        'id = "sifaju"\nemail = ["sfj@example.cn", "fzk@example.cn"]\n'
        f'webhook = "{robot_url}/cgi-bin/webhook/send?key=SECRETKEY"\n',
    )
    text = text.replace(
        'id = "fgw"\n',
        f'id = "fgw"\nwebhook = ["{robot_url}/robot/send?access_token=T"]\nwebhook_kind = "dingtalk"\n',
    )
    registry.write_text(text, encoding="utf-8")
    settings = workspace / "lawgov.toml"
    section = (
        mail
        if mail is not None
        else f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsender = "yfzqb@example.cn"\nstarttls = false\n'
    )
    settings.write_text(settings.read_text(encoding="utf-8") + "\n" + section, encoding="utf-8")


def remind(run, workspace: Path, *args: str, as_of: str = AS_OF):  # type: ignore[no-untyped-def]
    return run("--dir", str(workspace), "--as-of", as_of, "remind", *args)


def overdue_ids(run, workspace: Path, dept: str) -> list[str]:  # type: ignore[no-untyped-def]
    status = json.loads(ok(run("--dir", str(workspace), "--as-of", AS_OF, "status", "--format", "json")).out)
    return [item["id"] for item in status["overdue"] if item["owner"] == dept]


def test_mail_is_delivered_in_chinese_with_proper_mime(
    run, workspace: Path, tmp_path: Path, smtp: Mailbox, robot: Robot
) -> None:
    configure(workspace, smtp.port, robot.url)
    result = remind(run, workspace)
    assert result.code == 0, result.err
    assert len(smtp.envelopes) == 1  # one message for the department, to both addresses
    envelope = smtp.envelopes[0]
    assert sorted(envelope.rcpt_tos) == ["fzk@example.cn", "sfj@example.cn"]
    assert envelope.mail_from == "yfzqb@example.cn"
    raw: bytes = envelope.original_content
    raw.decode("ascii")  # proper MIME: every header and the body are 7-bit encoded on the wire
    assert b"=?utf-8?" in raw.lower()
    message = message_from_bytes(raw, policy=policy.default)
    assert message["Subject"] == "【督办提醒】区司法局：2项任务逾期（截至2024-07-15）"
    assert message.get_content_type() == "multipart/mixed"
    text_part = message.get_body(preferencelist=("plain",))
    assert text_part is not None and text_part.get_content_charset() == "utf-8"
    body = text_part.get_content()
    for task_id in overdue_ids(run, workspace, "sifaju"):
        assert f"【{task_id}】" in body
    assert "已逾期166天" in body and "完成时限：2024-01-31" in body
    assert "填报表" in body and "lawgov done" in body  # what to do, how to reply
    assert "区委依法治区办" in body
    assert message["Date"] and message["Message-ID"]
    assert message["From"].addresses[0].display_name == "区委依法治区办"
    # the department's fill-in form rides along; filled in and sent back, it imports
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == "2024年度填报表-sifaju-区司法局.xlsx"
    assert (
        attachment.get_content_type() == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    form = tmp_path / "back.xlsx"
    form.write_bytes(attachment.get_content())
    import openpyxl

    book = openpyxl.load_workbook(form)
    row = next(
        r for r in range(2, book["任务"].max_row + 1) if book["任务"].cell(row=r, column=1).value == "R3"
    )
    book["任务"].cell(row=row, column=4).value = "已完成"
    book.save(form)
    ok(run("--dir", str(workspace), "--as-of", AS_OF, "import", str(form)))
    assert "R3" not in overdue_ids(run, workspace, "sifaju")


def test_robots_get_the_wecom_and_dingtalk_shapes(run, workspace: Path, smtp: Mailbox, robot: Robot) -> None:
    configure(workspace, smtp.port, robot.url)
    ok_or_sent = remind(run, workspace)
    assert ok_or_sent.code == 0, ok_or_sent.err
    by_path = {
        path.split("?")[0]: (headers, json.loads(body.decode("utf-8"))) for path, headers, body in robot.posts
    }
    assert set(by_path) == {"/cgi-bin/webhook/send", "/robot/send"}
    headers, wecom = by_path["/cgi-bin/webhook/send"]
    assert headers["Content-Type"].startswith("application/json")
    assert wecom["msgtype"] == "markdown" and set(wecom["markdown"]) == {"content"}
    assert "督办提醒：区司法局" in wecom["markdown"]["content"] and "M4.4" in wecom["markdown"]["content"]
    assert len(wecom["markdown"]["content"].encode("utf-8")) < 4096
    _, dingtalk = by_path["/robot/send"]
    assert dingtalk["msgtype"] == "markdown" and set(dingtalk["markdown"]) == {"title", "text"}
    assert dingtalk["markdown"]["title"].startswith("【督办提醒】区发展改革委")
    assert "督办提醒" in dingtalk["markdown"]["text"]
    assert "SECRETKEY" not in (workspace / ".lawgov-sent.toml").read_text(encoding="utf-8")


def test_compose_is_pure_and_fits_a_robot_message(workspace: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from datetime import date

    from lawgov_cli.progress import evaluate
    from lawgov_cli.remind import compose
    from lawgov_cli.store.load import load_workspace

    ws = load_workspace(workspace)
    day = date(2024, 12, 31)  # the last day of the year: many items overdue, some due today
    progress = evaluate(ws.at(day), day)
    reminders = {r.dept.id: r for r in compose.compose(ws, progress, "zh")}
    sifaju = reminders["sifaju"]
    assert [b.id for b in sifaju.overdue] == [
        b.id for b in progress.briefs(overdue=True) if b.owner == "sifaju"
    ]
    assert "今天到期" in sifaju.text and "还剩0天" not in sifaju.text
    monkeypatch.setattr(compose, "WEBHOOK_MAX_BYTES", 900)
    small = {r.dept.id: r for r in compose.compose(ws, progress, "zh")}["sifaju"]
    assert len(small.markdown.encode("utf-8")) <= 900 + 200
    assert "……另有" in small.markdown
    assert small.text == sifaju.text  # the mail always lists everything


def test_webhook_kind_by_host() -> None:
    from lawgov_cli.remind.compose import webhook_kind

    assert webhook_kind("https://oapi.dingtalk.com/robot/send?access_token=x") == "dingtalk"
    assert webhook_kind("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=x") == "wecom"
    assert webhook_kind("https://relay.example.cn/hook") == "wecom"
    assert webhook_kind("https://qyapi.weixin.qq.com/x", "dingtalk") == "dingtalk"


def test_once_a_day_unless_forced(run, workspace: Path, smtp: Mailbox, robot: Robot) -> None:
    configure(workspace, smtp.port, robot.url)
    assert remind(run, workspace).code == 0
    mails, posts = len(smtp.envelopes), len(robot.posts)
    again = remind(run, workspace)
    assert again.code == 0
    assert (len(smtp.envelopes), len(robot.posts)) == (mails, posts)
    assert "今天（2024-07-15）已提醒过" in again.out
    forced = remind(run, workspace, "--force")
    assert forced.code == 0
    assert (len(smtp.envelopes), len(robot.posts)) == (mails + 1, posts + 2)
    next_day = remind(run, workspace, as_of="2024-07-16")
    assert next_day.code == 0
    assert len(smtp.envelopes) == mails + 2


def test_dry_run_sends_and_writes_nothing(run, workspace: Path, smtp: Mailbox, robot: Robot) -> None:
    configure(workspace, smtp.port, robot.url)
    before = snapshot(workspace)
    result = remind(run, workspace, "--dry-run")
    assert result.code == 0
    # a department with red items but no contact: one warning line, not a failure
    assert result.err == "lawgov: 区委依法治区办：departments.toml 中没有 email 或 webhook，未提醒\n"
    assert smtp.envelopes == [] and robot.posts == []
    assert snapshot(workspace) == before
    assert "将提醒区司法局：邮件 sfj@example.cn, fzk@example.cn" in result.out
    assert "钉钉群机器人 127.0.0.1" in result.out and "SECRETKEY" not in result.out
    assert "主题：【督办提醒】区司法局" in result.out and "【M4.4】" in result.out
    assert "附件：2024年度填报表-sifaju-区司法局.xlsx" in result.out


def test_dept_option_reminds_one_department(run, workspace: Path, smtp: Mailbox, robot: Robot) -> None:
    configure(workspace, smtp.port, robot.url)
    assert remind(run, workspace, "--dept", "区发展改革委").code == 0
    assert smtp.envelopes == [] and [p[0].split("?")[0] for p in robot.posts] == ["/robot/send"]


def test_smtp_server_down_fails_that_department_only(run, workspace: Path, robot: Robot) -> None:
    configure(workspace, free_port(), robot.url)  # nothing listens there
    result = remind(run, workspace)
    assert result.code == 1
    failures = [line for line in result.err.splitlines() if "提醒发送失败" in line]
    assert len(failures) == 1 and "区司法局" in failures[0] and "SMTP 127.0.0.1" in failures[0]
    assert "Traceback" not in result.err
    assert sorted(p[0].split("?")[0] for p in robot.posts) == ["/cgi-bin/webhook/send", "/robot/send"]
    # a retry sends only what failed: the robots already have today's message
    retry = remind(run, workspace)
    assert retry.code == 1 and len(robot.posts) == 2


@pytest.mark.parametrize(
    ("status", "body", "fragment"),
    [(500, b"oops", "HTTP 500"), (200, b'{"errcode":93000,"errmsg":"invalid webhook url"}', "errcode 93000")],
)
def test_webhook_error_answers_fail(
    run, workspace: Path, smtp: Mailbox, robot: Robot, status: int, body: bytes, fragment: str
) -> None:
    configure(workspace, smtp.port, robot.url)
    robot.answer.update(status=status, body=body)
    result = remind(run, workspace)
    assert result.code == 1
    lines = [line for line in result.err.splitlines() if "提醒发送失败" in line]
    assert len(lines) == 2 and all(fragment in line for line in lines)
    assert all("SECRETKEY" not in line and "access_token" not in line for line in lines)
    assert len(smtp.envelopes) == 1  # the mail of the same department still went out


def test_nothing_to_remind(run, workspace: Path, smtp: Mailbox, robot: Robot) -> None:
    configure(workspace, smtp.port, robot.url)
    result = ok(remind(run, workspace, "--dept", "gaj"))  # the police have nothing red or yellow that day
    assert "无需提醒" in result.out and smtp.envelopes == [] and robot.posts == []


# --- configuration: exit 2, nothing sent ---------------------------------------------------------


def test_email_without_mail_settings_is_bad_configuration(
    run, workspace: Path, smtp: Mailbox, robot: Robot
) -> None:
    configure(workspace, smtp.port, robot.url, mail="")
    usage_error(remind(run, workspace), "[mail]")
    assert smtp.envelopes == [] and robot.posts == []


def test_username_needs_the_password_from_the_environment(
    run, workspace: Path, smtp: Mailbox, robot: Robot
) -> None:
    section = f'[mail]\nhost = "127.0.0.1"\nport = {smtp.port}\nsender = "a@example.cn"\nstarttls = false\nusername = "office"\n'
    configure(workspace, smtp.port, robot.url, mail=section)
    usage_error(remind(run, workspace), "LAWGOV_SMTP_PASSWORD")
    assert robot.posts == []


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_login_with_the_password_from_the_environment(
    run, workspace: Path, robot: Robot, monkeypatch: pytest.MonkeyPatch
) -> None:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword

    received: list[Any] = []
    logins: list[tuple[bytes, bytes]] = []

    class Handler:
        async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
            received.append(envelope)
            return "250 OK"

    def authenticator(server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        logins.append((data.login, data.password))
        ok = data.password == b"s3cret-pass"
        return AuthResult(success=ok, handled=False)  # not handled: the server answers 235 / 535

    port = free_port()
    # Plain-text AUTH is allowed here only because the server is on the loopback of this test.
    controller = Controller(
        Handler(),
        hostname="127.0.0.1",
        port=port,
        authenticator=authenticator,
        auth_required=True,
        auth_require_tls=False,
    )
    controller.start()
    try:
        section = f'[mail]\nhost = "127.0.0.1"\nport = {port}\nsender = "a@example.cn"\nstarttls = false\nusername = "office"\n'
        configure(workspace, port, robot.url, mail=section)
        monkeypatch.setenv("LAWGOV_SMTP_PASSWORD", "wrong")
        failed = remind(run, workspace, "--dept", "sifaju")
        assert failed.code == 1 and "535" in failed.err and received == []
        monkeypatch.setenv("LAWGOV_SMTP_PASSWORD", "s3cret-pass")
        sent = remind(run, workspace, "--dept", "sifaju")
        assert sent.code == 0, sent.err
        assert len(received) == 1 and logins[-1] == (b"office", b"s3cret-pass")
    finally:
        controller.stop()
    assert "s3cret" not in (workspace / "lawgov.toml").read_text(encoding="utf-8")


def test_password_in_the_file_is_refused(run, workspace: Path, smtp: Mailbox, robot: Robot) -> None:
    section = f'[mail]\nhost = "127.0.0.1"\nport = {smtp.port}\nsender = "a@example.cn"\npassword = "x"\n'
    configure(workspace, smtp.port, robot.url, mail=section)
    usage_error(remind(run, workspace), "LAWGOV_SMTP_PASSWORD")


@pytest.mark.parametrize(
    ("line", "fragment"),
    [
        ('email = "not an address"\n', "sifaju.email"),
        ('email = "a@example.cn\\nBcc: x@evil.cn"\n', "sifaju.email"),
        ('webhook = "ftp://example.cn/x"\n', "sifaju.webhook"),
        ("email = 3\n", "sifaju.email"),
        ('webhook_kind = "slack"\n', "sifaju.webhook_kind"),
    ],
)
def test_bad_contacts_are_refused_on_load(run, workspace: Path, line: str, fragment: str) -> None:
    registry = workspace / "departments.toml"
    registry.write_text(
        registry.read_text(encoding="utf-8").replace('id = "sifaju"\n', 'id = "sifaju"\n' + line),
        encoding="utf-8",
    )
    usage_error(run("--dir", str(workspace), "status"), fragment)


def test_contacts_parse_as_text_or_list(workspace: Path) -> None:
    from lawgov_cli.store.load import load_workspace

    registry = workspace / "departments.toml"
    text = registry.read_text(encoding="utf-8").replace(
        'id = "sifaju"\n',
        'id = "sifaju"\nemail = "a@example.cn"\nwebhook = ["https://oapi.dingtalk.com/robot/send?access_token=1", "https://qyapi.weixin.qq.com/x"]\n',
    )
    registry.write_text(text, encoding="utf-8")
    dept = load_workspace(workspace).departments["sifaju"]
    assert dept.email == ["a@example.cn"] and len(dept.webhook) == 2 and dept.webhook_kind == ""


def test_nothing_is_sent_on_a_rest_day_unless_forced(run, workspace: Path, smtp: Mailbox, robot: Robot) -> None:
    configure(workspace, smtp.port, robot.url)
    holiday = remind(run, workspace, as_of="2024-10-01")  # National Day ([calendar] of lawgov.toml)
    assert holiday.code == 0 and "今天（2024-10-01）是休息日" in holiday.out
    assert (smtp.envelopes, robot.posts) == ([], [])
    sunday = remind(run, workspace, as_of="2024-10-13")
    assert "是休息日" in sunday.out and (smtp.envelopes, robot.posts) == ([], [])
    dry = remind(run, workspace, "--dry-run", as_of="2024-10-01")  # still shows what would be sent
    assert "是休息日" in dry.out and "区司法局" in dry.out and smtp.envelopes == []
    worked = remind(run, workspace, as_of="2024-10-12")  # a Saturday worked in lieu (调休上班)
    assert worked.code == 0 and "是休息日" not in worked.out and smtp.envelopes
    mails = len(smtp.envelopes)
    forced = remind(run, workspace, "--force", as_of="2024-10-01")
    assert forced.code == 0 and len(smtp.envelopes) > mails
