using System.Reflection;
using NUnit.Framework.Interfaces;
using NUnit.Framework.Internal;
using NUnit.Framework.Internal.Builders;

namespace MicroFlask.Sessions.Tests.ServerSide;

/// <summary>
/// <c>[Test]</c> for a contract test that needs per-key merge of concurrent saves: built as a plain test, except in a
/// fixture marked <see cref="LastWriteWinsAttribute"/>, where no test is built at all (so nothing reports as skipped).
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConcurrentMergeTestAttribute : NUnitAttribute, ISimpleTestBuilder, IImplyFixture
{
    private static readonly NUnitTestCaseBuilder Builder = new();

    /// <inheritdoc />
    public TestMethod BuildFrom(IMethodInfo method, Test? suite)
    {
        var fixture = (suite as TestFixture)?.TypeInfo?.Type;
        // NUnit's fixture builder adds no test for a null here; that is how a method is left out of one fixture only.
        if (fixture?.GetCustomAttribute<LastWriteWinsAttribute>(inherit: true) is not null) return null!;
        return Builder.BuildTestMethod(method, suite, null);
    }
}
