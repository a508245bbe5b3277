namespace MicroFlask.Http;

/// <summary>
/// The body limits a request is read under (MAX_CONTENT_LENGTH, MAX_FORM_MEMORY_SIZE, MAX_FORM_PARTS). The app parses
/// them from its config when it changes and gives them to each request it creates, so the request carries its own.
/// </summary>
internal sealed record RequestLimits(long? MaxContentLength, long MaxFormMemorySize, int MaxFormParts)
{
    /// <summary>The body cap when MAX_CONTENT_LENGTH is unset: Kestrel's own default, 30,000,000 bytes.</summary>
    internal const long DefaultMaxBodySize = 30_000_000;

    /// <summary>Flask's defaults: no MAX_CONTENT_LENGTH, 500 kB of form fields, 1000 form parts.</summary>
    internal static readonly RequestLimits Default = new(null, 500_000, 1_000);

    /// <summary>The most body bytes a request may send: MAX_CONTENT_LENGTH, else <see cref="DefaultMaxBodySize"/>.</summary>
    internal long MaxBodySize => MaxContentLength ?? DefaultMaxBodySize;
}
