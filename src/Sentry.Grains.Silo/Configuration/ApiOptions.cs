namespace Sentry.Grains.Silo.Configuration;

/// <summary>The internal query API (<c>/api</c>). Configuration section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>Shortest key accepted: a key is a secret, not a password.</summary>
    public const int MinimumKeyLength = 16;

    /// <summary>
    /// Keys a caller may send as <c>Authorization: Bearer &lt;key&gt;</c> (<c>Api:Keys:0</c>, <c>Api:Keys:1</c>, … ;
    /// env <c>Api__Keys__0</c>): several, so they can rotate. Required outside Development; in Development,
    /// with none configured the API is open, with some configured they are required there too.
    /// </summary>
    public string[] Keys { get; set; } = [];
}
