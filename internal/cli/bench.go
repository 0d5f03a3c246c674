package cli

func runBench(e *env, args []string) error { return nil }
