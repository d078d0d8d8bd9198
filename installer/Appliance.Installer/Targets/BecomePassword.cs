using System.Text;

namespace Appliance.Installer.Targets;

/// <summary>Asks for the sudo password at the terminal without echoing it (<c>--askBecomePass</c>).</summary>
public static class BecomePassword
{
    public static string Prompt(string where)
    {
        Console.Error.Write($"BECOME password for {where}: ");
        if (Console.IsInputRedirected)
        {
            // Piped input (automation): the first line is the password; nothing is echoed anyway.
            var line = Console.In.ReadLine() ?? "";
            Console.Error.WriteLine();
            return line;
        }
        var password = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace)
            {
                if (password.Length > 0) password.Length--;
                continue;
            }
            password.Append(key.KeyChar);
        }
        Console.Error.WriteLine();
        return password.ToString();
    }
}
