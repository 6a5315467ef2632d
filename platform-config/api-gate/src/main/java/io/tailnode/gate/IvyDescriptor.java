package io.tailnode.gate;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/** The parts of a MicroEJ SDK 5 module.ivy the build checks: identity, build type, properties, dependencies. */
public record IvyDescriptor(String organisation, String module, String revision, String buildType,
                            Map<String, String> properties, List<String> dependencies) {
    private static final String EASYANT = "http://www.easyant.org";

    /** Parses a module.ivy; fails with the file name and the reason if it is not a usable descriptor. */
    public static IvyDescriptor parse(Path file) throws IOException {
        Document doc;
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            javax.xml.parsers.DocumentBuilder builder = f.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler()); // rethrows fatal errors, prints nothing
            doc = builder.parse(file.toFile());
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(file + ": not well-formed XML: " + e.getMessage(), e);
        }
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("ivy-module") || !"2.0".equals(root.getAttribute("version"))) {
            throw new IOException(file + ": root element must be <ivy-module version=\"2.0\">");
        }
        Element info = single(root, "info", file);
        NodeList builds = info.getElementsByTagNameNS(EASYANT, "build");
        if (builds.getLength() != 1) {
            throw new IOException(file + ": <info> must hold exactly one <ea:build>");
        }
        Element build = (Element) builds.item(0);
        Map<String, String> props = new TreeMap<>();
        NodeList ps = info.getElementsByTagNameNS(EASYANT, "property");
        for (int i = 0; i < ps.getLength(); i++) {
            Element p = (Element) ps.item(i);
            props.put(p.getAttribute("name"), p.getAttribute("value"));
        }
        List<String> deps = new ArrayList<>();
        NodeList ds = single(root, "dependencies", file).getElementsByTagName("dependency");
        for (int i = 0; i < ds.getLength(); i++) {
            Element d = (Element) ds.item(i);
            deps.add(d.getAttribute("org") + "#" + d.getAttribute("name") + ";" + d.getAttribute("rev"));
        }
        return new IvyDescriptor(info.getAttribute("organisation"), info.getAttribute("module"), info.getAttribute("revision"),
                build.getAttribute("module"), props, deps);
    }

    private static Element single(Element parent, String tag, Path file) throws IOException {
        NodeList l = parent.getElementsByTagName(tag);
        if (l.getLength() != 1) {
            throw new IOException(file + ": expected exactly one <" + tag + ">");
        }
        return (Element) l.item(0);
    }

    public String id() {
        return organisation + "#" + module;
    }
}
