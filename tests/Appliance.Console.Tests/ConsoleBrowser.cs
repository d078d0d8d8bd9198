using Appliance.Testing;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace Appliance.Console.Tests;

/// <summary>
/// Debian's headless Chromium driven through its chromedriver, pointed at a registry's console. Waits poll the page, as the
/// console renders after its API calls return. Screenshots go to the test output directory.
/// </summary>
public sealed class ConsoleBrowser : IDisposable
{
    private const string Chromium = "/usr/bin/chromium";
    private const string ChromeDriver = "/usr/bin/chromedriver";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);
    private readonly ChromeDriver _driver;
    private readonly Uri _baseAddress;

    public ConsoleBrowser(RegistryServer server)
    {
        _baseAddress = server.BaseAddress;
        var options = new ChromeOptions { BinaryLocation = Chromium, AcceptInsecureCertificates = true };
        // The registry's CA is not in the browser's store; TLS itself is verified by the API and client tests.
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900", "--disable-gpu");
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriver)!, Path.GetFileName(ChromeDriver));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
    }

    public static void SkipUnlessInstalled()
    {
        if (!File.Exists(Chromium) || !File.Exists(ChromeDriver))
        {
            Assert.Skip("needs Debian's chromium and chromium-driver (./build.sh test installs them when run as root)");
        }
    }

    public static string ScreenshotDirectory => Path.Combine(AppContext.BaseDirectory, "screenshots");

    public IWebDriver Driver => _driver;

    public void Open(string path) => _driver.Navigate().GoToUrl(new Uri(_baseAddress, path));


    public void LogIn(string user, string password)
    {
        Open("/login");
        var name = WaitFor("#login-user");
        name.Clear();
        name.SendKeys(user);
        WaitFor("#login-password").SendKeys(password);
        WaitFor("#login-submit").Click();
    }

    /// <summary>Another password in the login form still on the page (it keeps the user name after a failure).</summary>
    public void RetryPassword(string password)
    {
        WaitFor("#login-password").SendKeys(password);
        WaitFor("#login-submit").Click();
    }

    /// <summary>Another password in the login form, and the error the console then shows (the previous one is cleared first).</summary>
    public string RetryPasswordForError(string password)
    {
        ((IJavaScriptExecutor)_driver).ExecuteScript("document.querySelector('#login-error').textContent = '';");
        RetryPassword(password);
        return WaitFor("#login-error", e => e.Text.Length > 0).Text;
    }

    public void LogOut() => WaitFor("#logout").Click();

    /// <summary>The first element matching <paramref name="css"/> that is shown and satisfies <paramref name="until"/>.</summary>
    public IWebElement WaitFor(string css, Func<IWebElement, bool>? until = null)
    {
        try
        {
            return Poll.For($"{css} on {_driver.Url}", () =>
            {
                try
                {
                    return _driver.FindElements(By.CssSelector(css)).FirstOrDefault(e => e.Displayed && (until?.Invoke(e) ?? true));
                }
                catch (StaleElementReferenceException)
                {
                    return null; // The page re-rendered between finding and reading: look again.
                }
            }, Patience, Interval);
        }
        catch (TimeoutException timeout)
        {
            throw new TimeoutException($"{timeout.Message}; page text: {_driver.FindElement(By.TagName("body")).Text}");
        }
    }

    public void WaitUntil(string what, Func<IWebDriver, bool> condition) =>
        Poll.For($"{what} on {_driver.Url}", () => condition(_driver) ? _driver : null, Patience, Interval);

    public IWebElement WaitForText(string css, string text) => WaitFor(css, e => e.Text.Contains(text, StringComparison.Ordinal));

    /// <summary>Accepts the confirmation the console asks before deleting, and returns what it said.</summary>
    public string Confirm() => Poll.For("the console's confirmation", () =>
    {
        try
        {
            var alert = _driver.SwitchTo().Alert();
            var text = alert.Text ?? "";
            alert.Accept();
            return text;
        }
        catch (NoAlertPresentException)
        {
            return null;
        }
    }, Patience, Interval);

    /// <summary>Calls the console API from the page, as its own script does (cookies and CSRF header included); returns the status.</summary>
    public long FetchStatus(string method, string path) =>
        Convert.ToInt64(((IJavaScriptExecutor)_driver).ExecuteAsyncScript("""
            const done = arguments[arguments.length - 1];
            const csrf = document.cookie.split('; ').find(c => c.startsWith('appliance-csrf='))?.slice(15) ?? '';
            fetch(arguments[1], { method: arguments[0], headers: { 'X-CSRF-Token': csrf } }).then(r => done(r.status), () => done(-1));
            """, method, path), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The browser window's size in CSS pixels (headless Chromium has no window frame: the page gets all of it).</summary>
    public void Resize(int width, int height) => _driver.Manage().Window.Size = new System.Drawing.Size(width, height);

    /// <summary>Whether the page is wider than the window, so a reader would have to scroll sideways.</summary>
    public bool ScrollsSideways() => (bool)((IJavaScriptExecutor)_driver).ExecuteScript(
        "return document.documentElement.scrollWidth > document.documentElement.clientWidth;")!;

    /// <summary>
    /// The form fields shown whose label is not above their control, or whose form puts them side by side (not one column);
    /// "" when every one is laid out as a form.
    /// </summary>
    public string FieldsNotLabelledAbove() => (string)((IJavaScriptExecutor)_driver).ExecuteScript("""
        const shown = [...document.querySelectorAll('label.field')].filter((f) => f.offsetParent !== null);
        const wrong = shown.filter((f) => {
          const label = f.querySelector(':scope > span');
          const control = f.querySelector('input, select, textarea');
          return !label || !control || label.getBoundingClientRect().bottom > control.getBoundingClientRect().top + 1;
        }).map((f) => `label not above: ${f.textContent.trim().slice(0, 40)}`);
        for (const form of document.querySelectorAll('form')) {
          const lefts = new Set([...form.querySelectorAll('label.field')].filter((f) => f.offsetParent !== null).map((f) => Math.round(f.getBoundingClientRect().left)));
          if (lefts.size > 1) wrong.push(`fields side by side in form ${form.id || form.className}`);
        }
        return wrong.join('; ');
        """)!;

    public long ViewportWidth() => Convert.ToInt64(((IJavaScriptExecutor)_driver).ExecuteScript("return window.innerWidth;"),
        System.Globalization.CultureInfo.InvariantCulture);

    public void Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        _driver.GetScreenshot().SaveAsFile(Path.Combine(ScreenshotDirectory, $"{name}.png"));
    }

    public void Dispose()
    {
        _driver.Quit();
        _driver.Dispose();
    }
}
