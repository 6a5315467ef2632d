package io.tailnode.sim.footprint;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws a {@link FootprintTable} as a PNG (java.awt, headless): one row per component, one horizontal bar per peer
 * count, labelled in KiB; components not built yet say so; totals in the title.
 */
public final class FootprintPlot {
    private static final Color[] SERIES = {new Color(0x9ecae1), new Color(0x3182bd), new Color(0x08306b)};
    private static final int WIDTH = 1200;
    private static final int LABEL_W = 330;
    private static final int BAR_H = 11;
    private static final int ROW_GAP = 12;
    private static final int TOP = 96;
    private static final int BOTTOM = 56;

    private FootprintPlot() {
    }

    public static void write(FootprintTable t, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<String> names = t.components();
        int[] counts = t.peerCounts();
        int rowH = counts.length * BAR_H + ROW_GAP;
        int height = TOP + names.size() * rowH + BOTTOM;
        BufferedImage img = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, WIDTH, height);
            long max = 1;
            for (String n : names) {
                for (int c = 0; c < counts.length; c++) {
                    max = Math.max(max, t.bytes(n, c));
                }
            }
            int plotX = LABEL_W + 10;
            int plotW = WIDTH - plotX - 110;
            double scale = plotW / (double) niceCeiling(max);

            g.setColor(Color.BLACK);
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
            g.drawString("Retained heap per component (JOL, host JVM layout), 4 TCP sockets", 16, 28);
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
            StringBuilder totals = new StringBuilder("Total: ");
            for (int c = 0; c < counts.length; c++) {
                totals.append(c > 0 ? ", " : "").append(counts[c]).append(counts[c] == 1 ? " peer " : " peers ")
                        .append(kib(t.total(c)));
            }
            g.drawString(totals.toString(), 16, 50);
            int lx = 16;
            for (int c = 0; c < counts.length; c++) {
                g.setColor(SERIES[c % SERIES.length]);
                g.fillRect(lx, 62, 14, 14);
                g.setColor(Color.BLACK);
                String label = counts[c] + (counts[c] == 1 ? " peer" : " peers");
                g.drawString(label, lx + 20, 74);
                lx += 40 + g.getFontMetrics().stringWidth(label);
            }

            // grid
            long step = niceCeiling(max) / 5;
            g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            int plotBottom = TOP + names.size() * rowH;
            for (long v = 0; v <= niceCeiling(max); v += step) {
                int x = plotX + (int) Math.round(v * scale);
                g.setColor(new Color(0xdddddd));
                g.drawLine(x, TOP - 4, x, plotBottom);
                g.setColor(Color.DARK_GRAY);
                String s = kib(v);
                g.drawString(s, x - g.getFontMetrics().stringWidth(s) / 2, plotBottom + 16);
            }
            g.drawString("KiB (1 KiB = 1024 B)", plotX, plotBottom + 34);

            Font rowFont = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
            Font valueFont = new Font(Font.SANS_SERIF, Font.PLAIN, 10);
            int y = TOP;
            for (String n : names) {
                g.setFont(rowFont);
                FontMetrics fm = g.getFontMetrics();
                g.setColor(Color.BLACK);
                g.drawString(n, LABEL_W - fm.stringWidth(n), y + (counts.length * BAR_H) / 2 + fm.getAscent() / 2 - 1);
                if (t.bytes(n, 0) == HeapFootprint.NOT_MEASURED) {
                    g.setColor(Color.GRAY);
                    g.setFont(rowFont.deriveFont(Font.ITALIC));
                    g.drawString("not yet measured (not built)", plotX + 6,
                            y + (counts.length * BAR_H) / 2 + fm.getAscent() / 2 - 1);
                } else {
                    for (int c = 0; c < counts.length; c++) {
                        long v = t.bytes(n, c);
                        int w = Math.max(1, (int) Math.round(v * scale));
                        g.setColor(SERIES[c % SERIES.length]);
                        g.fillRect(plotX, y + c * BAR_H, w, BAR_H - 1);
                        g.setColor(Color.DARK_GRAY);
                        g.setFont(valueFont);
                        g.drawString(kib(v), plotX + w + 4, y + c * BAR_H + BAR_H - 2);
                    }
                }
                y += rowH;
            }
            g.setColor(Color.BLACK);
            g.setStroke(new BasicStroke(1f));
            g.drawLine(plotX, TOP - 4, plotX, plotBottom);
        } finally {
            g.dispose();
        }
        if (!ImageIO.write(img, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
    }

    /** The next 1-2-5 multiple of 1 KiB at or above {@code v}, so the grid has round labels. */
    static long niceCeiling(long v) {
        long unit = 1024;
        while (true) {
            for (long m : new long[] {1, 2, 5}) {
                if (m * unit * 5 >= v) {
                    return m * unit * 5;
                }
            }
            unit *= 10;
        }
    }

    static String kib(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        double k = bytes / 1024.0;
        return k >= 100 ? String.format("%.0f KiB", k) : String.format("%.1f KiB", k);
    }
}
