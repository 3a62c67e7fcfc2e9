"""What the tmux benchmarks share: the release binary, and a cockpit in a private tmux server
whose screen is read with capture-pane."""
import os, subprocess, time

def release_binary():
    """Builds the release opsdeck (from the repository root, made the working directory)."""
    os.chdir(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    subprocess.run(["swift", "build", "-c", "release", "--product", "opsdeck"], check=True, stdout=subprocess.DEVNULL)
    bin_dir = subprocess.run(["swift", "build", "-c", "release", "--show-bin-path"], check=True, capture_output=True, text=True).stdout
    return bin_dir.strip() + "/opsdeck"

class Cockpit:
    """`opsdeck run` at 160x48 in its own tmux server."""
    def __init__(self, binpath, data, name):
        self.sock, self.session = "opsdeck-bench-" + name, name
        self.tmux("kill-server")
        self.tmux("new-session", "-d", "-s", self.session, "-x", "160", "-y", "48", "-e", "LANG=C.UTF-8",
                  f"env TERM=tmux-256color '{binpath}' run --data '{data}' --at '2026-11-20 15:30' --operator bench")

    def tmux(self, *args, out=False):
        r = subprocess.run(["tmux", "-L", self.sock] + list(args), capture_output=True, text=True)
        return r.stdout if out else None

    def screen(self):
        return self.tmux("capture-pane", "-p", "-t", self.session, out=True)

    def wait(self, cond, timeout=60.0):
        """Polls the screen until `cond` holds; the time it did."""
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if cond(self.screen()):
                return time.monotonic()
            time.sleep(0.002)
        raise SystemExit("timed out; screen was:\n" + self.screen())

    def key(self, k, shows):
        """Sends a key; milliseconds until the screen shows `shows`."""
        t0 = time.monotonic()
        self.tmux("send-keys", "-t", self.session, k)
        return (self.wait(lambda s: shows in s) - t0) * 1000

    def close(self):
        self.tmux("kill-server")
