namespace MicroFlask.TestSupport;

/// <summary>Where the repository is, for tests that run its scripts, pack its projects or read its docs.</summary>
public static class Repository
{
    /// <summary>The repository's root: the folder above the test's output that holds MicroFlask.sln.</summary>
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MicroFlask.sln"))) return folder.FullName;
        }

        throw new DirectoryNotFoundException("MicroFlask.sln not found above " + AppContext.BaseDirectory + "; run the tests from a clone of the repository.");
    }
}
