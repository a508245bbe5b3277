namespace MicroFlask.Templating.Tests;

public class SyntaxErrorLocatorTests
{
    [TestCase("a\n{{#if x}}\nb\n", 2)]
    [TestCase("{{#each xs}}\n{{#if x}}\n{{/each}}\n", 3)]
    [TestCase("{{!-- {{#if}} in a comment --}}\n{{#with x}}\n", 2)]
    [TestCase("{{#if x}}{{else}}{{/if}}", 0)]
    public void FindUnbalancedBlock_ReturnsTheLine(string source, int expected)
    {
        SyntaxErrorLocator.FindUnbalancedBlock(source).ShouldBe(expected);
    }

    [TestCase("a\nb {{name\nc {{other}}\n", 2)]
    [TestCase("{{{raw}}}\n{{x}}", 0)]
    [TestCase("{{x}}\n\n{{y", 3)]
    public void FindUnclosedExpression_ReturnsTheLine(string source, int expected)
    {
        SyntaxErrorLocator.FindUnclosedExpression(source).ShouldBe(expected);
    }
}
