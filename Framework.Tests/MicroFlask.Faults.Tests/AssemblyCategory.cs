// Every test here runs servers outside this process (see ExternalAttribute): ./build.sh test --fast leaves them out.
[assembly: MicroFlask.TestSupport.External]

// Each store's fixture has its own server on its own port, and spends its time waiting on deadlines: run them side by side.
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]
