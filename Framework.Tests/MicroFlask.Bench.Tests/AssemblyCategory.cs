// Every test here runs something outside this process (see ExternalAttribute): ./build.sh test --fast leaves them out.
[assembly: MicroFlask.TestSupport.External]
