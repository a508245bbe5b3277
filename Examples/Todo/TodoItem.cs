/// <summary>One thing to do.</summary>
public sealed record TodoItem(long Id, string Title, bool Done);
