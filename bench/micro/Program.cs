using BenchmarkDotNet.Running;

// `dotnet run -c Release --project bench/micro -- --filter '*'`; BenchmarkDotNet's own switches apply
// (--job Dry, --list flat, --inProcess...). `-- --footprint` measures the memory store's size instead (issue 14). A benchmark that fails makes the exit code 1, so CI notices.
if (args is ["--footprint"]) return await MicroFlask.Micro.MemoryStoreFootprint.RunAsync();
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
var failed = summaries.Any(s => s.HasCriticalValidationErrors || s.Reports.Any(r => !r.Success));
return failed ? 1 : 0;
