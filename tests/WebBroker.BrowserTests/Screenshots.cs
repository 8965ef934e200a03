using Microsoft.Playwright;

namespace WebBroker.BrowserTests;

/// <summary>Screenshots saved as test artifacts (bin/.../screenshots), each checked not to be blank.</summary>
internal static class Screenshots
{
    public static string Directory { get; } = System.IO.Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "screenshots")).FullName;

    /// <summary>Saves the page and asserts the image has real content: many distinct colours, decoded in the browser.</summary>
    public static async Task SaveAsync(IPage page, string name)
    {
        var path = Path.Combine(Directory, name + ".png");
        var png = await page.ScreenshotAsync(new() { Path = path, FullPage = true });
        var colours = await DistinctColoursAsync(page, png);
        Assert.True(colours >= 8, $"{name}.png looks blank ({colours} distinct colours)");
    }

    /// <summary>Distinct colours among sampled pixels of a PNG, decoded by the browser.</summary>
    public static Task<int> DistinctColoursAsync(IPage page, byte[] png) => page.EvaluateAsync<int>("""
            async (b64) => {
              const img = new Image();
              img.src = 'data:image/png;base64,' + b64;
              await img.decode();
              const canvas = document.createElement('canvas');
              canvas.width = img.width; canvas.height = img.height;
              const ctx = canvas.getContext('2d');
              ctx.drawImage(img, 0, 0);
              const data = ctx.getImageData(0, 0, img.width, img.height).data;
              const seen = new Set();
              for (let i = 0; i < data.length; i += 4 * 97) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
              return seen.size;
            }
            """, Convert.ToBase64String(png));
}
