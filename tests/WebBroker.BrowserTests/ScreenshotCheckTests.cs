using Microsoft.Playwright;

namespace WebBroker.BrowserTests;

/// <summary>The non-blank check of the screenshots can fail: a blank page is caught, a page with content passes.</summary>
public class ScreenshotCheckTests
{
    [Fact]
    public async Task A_blank_page_is_caught_and_a_page_with_content_is_not()
    {
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(WebSocketPageTests.LaunchOptions);
        var page = await browser.NewPageAsync();
        await page.SetContentAsync("<html><body style='background:#fff'></body></html>");
        Assert.True(await Screenshots.DistinctColoursAsync(page, await page.ScreenshotAsync()) < 8);
        await page.SetContentAsync("""
            <html><body style="font: 20px sans-serif"><h1 style="color:#0d6efd">Heading</h1>
            <p style="background:#ffc107">Some text on yellow</p><p style="color:#198754">and green</p></body></html>
            """);
        Assert.True(await Screenshots.DistinctColoursAsync(page, await page.ScreenshotAsync()) >= 8);
    }
}
