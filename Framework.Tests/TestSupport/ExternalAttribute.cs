namespace MicroFlask.TestSupport;

/// <summary>
/// The "External" category: a fixture (or, on an assembly, a whole project) that needs something outside the test
/// process: a server of scripts/services.sh, python3 with Flask, chromium, the dotnet CLI or bench/'s scripts.
/// <c>./build.sh test --fast</c> leaves these out (<c>--filter TestCategory!=External</c>); <c>./build.sh test</c> runs them.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class ExternalAttribute : CategoryAttribute
{
    /// <summary>The category's name, as the filter spells it.</summary>
    public const string CategoryName = "External";

    public ExternalAttribute() : base(CategoryName) { }
}
