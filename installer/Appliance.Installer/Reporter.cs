namespace Appliance.Installer;

/// <summary>Everything the installer tells the person running it; colors only on a terminal and unless --no-color.</summary>
public sealed class Reporter(bool color, bool verbose)
{
    public bool Verbose => verbose;

    public void Step(int number, int count, string title) => Console.WriteLine(Paint($"[{number}/{count}] {title}", "1"));

    public void Detail(string message) => Console.WriteLine($"      {message}");

    public void Ok(string message) => Console.WriteLine(Paint($"      ok: {message}", "32"));

    public void Info(string message) => Console.WriteLine(message);

    public void Notice(string message) => Console.Error.WriteLine(Paint($"note: {message}", "33"));

    public void Error(string message) => Console.Error.WriteLine(Paint($"error: {message}", "31"));

    /// <summary>Commands as they run on the target, for -v/--verbose. Secrets travel on standard input, never here.</summary>
    public void Trace(string command)
    {
        if (verbose) Console.Error.WriteLine(Paint($"      $ {command}", "2"));
    }

    private string Paint(string text, string code) => color ? $"\u001b[{code}m{text}\u001b[0m" : text;
}
