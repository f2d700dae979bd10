# Mezzo task monitor. The agent starts it in the task's sandbox as
#   setsid /bin/sh -c "<this script>" mezzo-monitor "<task command>" "<path of setsid>" \
#     "<prelude>" "<exec prefix>"
# with stdout a pipe to the agent and stderr appended to .mezzo/monitor.log. Being in a
# session of its own, it never sees a Ctrl-C or a kill aimed at the agent's process group,
# and it outlives an agent that is kill -9'd. Apart from setsid it uses shell builtins
# only, because PATH is the task's and may be anything.
# Lines whose first non-blank character is '#' are dropped before the script is passed
# to the shell, so no '#' may start a line that is not a comment.

# A stray TERM/INT/HUP/QUIT aimed at the monitor must not orphan the task and lose its
# status. A no-op handler rather than '': children would inherit an ignored signal (which
# a non-interactive sh cannot un-ignore), while a caught one is reset to default on exec.
trap : HUP INT QUIT TERM

# fd 3 is the pipe to the agent; the monitor itself writes nothing more there.
exec 3>&1 >/dev/null

# The task runs in the foreground (inside $(...), which the shell also waits for), so the
# shell leaves its SIGINT/SIGQUIT alone. The child is not a process-group leader, so
# setsid calls setsid() without forking: the shell's $$ is the task's PID, process group
# and session ID. (-w only matters if setsid ever had to fork: the monitor still waits
# for the real task.) The task's shell announces $$ first to the agent (fd 3), then to
# the monitor through the $(...) pipe, which its exec closes; so the PID the monitor
# acts on cannot be forged by the task, unlike .mezzo/pid, kept for humans. '--' keeps a
# command starting with '-' or '+' from being read as options. stdout and stderr are
# appended to: the fetcher has written its lines to stderr before the task starts.
# $3 (the confinement's prelude, made by Confinement.java) runs first, so the task's shell
# is in its cgroups and under its rlimits before the agent hears its PID; $4 (setpriv or
# nothing) makes the exec'd command the task's user.
pid=$("$2" -w /bin/sh -c "$3"'; echo $$ >.mezzo/pid; echo $$ >&3; echo $$; exec '"$4"' /bin/sh -c -- "$0" >>stdout 2>>stderr 3>&-' "$1" </dev/null)
status=$?
exec 3>&-

# Whatever the leader left behind in its process group goes with it. The guard keeps a
# missing PID (the task never started) from becoming kill -KILL -0 (the monitor's group).
case $pid in
  '' | *[!0-9]* | 0 | 1) ;;
  *) kill -KILL -"$pid" 2>/dev/null ;;
esac

# Not atomic (mv is not a builtin): readers must look at the file only once the monitor
# has exited, which is also when its content is final.
echo "$status" >.mezzo/exit_status
exit "$status"
