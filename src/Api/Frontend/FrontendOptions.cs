namespace EcommerceBackend.Api.Frontend;

/// <summary>Where the built web front end is (section <c>Frontend</c>).</summary>
public sealed class FrontendOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Frontend";

    /// <summary>
    /// The folder holding the built front end (<c>index.html</c>, <c>assets/</c>); a relative path is taken from the
    /// binary's folder. The build copies <c>frontend/dist</c> to <c>wwwroot</c> there.
    /// </summary>
    public string Path { get; set; } = "wwwroot";
}
