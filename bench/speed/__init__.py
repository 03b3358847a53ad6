"""Speed, memory, load and scale: child processes timed, percentiles, load average."""
