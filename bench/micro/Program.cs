using BenchmarkDotNet.Running;

// `dotnet run -c Release -- --filter '*'`; BenchmarkDotNet's own switches (--job Dry, --list flat...) apply.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
