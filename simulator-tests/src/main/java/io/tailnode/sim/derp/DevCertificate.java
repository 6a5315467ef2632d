package io.tailnode.sim.derp;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.HexFormat;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERBitString;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x509.TBSCertificate;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.asn1.x509.V3TBSCertificateGenerator;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * A self-signed ECDSA P-256 certificate made at start for the development relay (CN tailnode-dev-derp, SAN
 * 127.0.0.1 and localhost), built with bcprov's ASN.1 classes and signed through JCA, so no bcpkix is needed.
 * Clients either trust it ({@link #clientContext}) or pin it: {@link #pin} is the DERP map's
 * {@code CertName} form {@code sha256-raw:<hex of SHA-256 over the DER certificate>}.
 */
public final class DevCertificate {
    private static final char[] PASSWORD = "dev".toCharArray();

    private final X509Certificate certificate;
    private final KeyPair keyPair;

    private DevCertificate(X509Certificate certificate, KeyPair keyPair) {
        this.certificate = certificate;
        this.keyPair = keyPair;
    }

    public static DevCertificate generate() {
        try {
            KeyPairGenerator kpg = KeyPairGenerator.getInstance("EC");
            kpg.initialize(256);
            KeyPair kp = kpg.generateKeyPair();
            long now = System.currentTimeMillis();
            X500Name name = new X500Name("CN=tailnode-dev-derp");
            AlgorithmIdentifier sigAlg = new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            V3TBSCertificateGenerator g = new V3TBSCertificateGenerator();
            g.setSerialNumber(new ASN1Integer(new BigInteger(64, new java.security.SecureRandom()).add(BigInteger.ONE)));
            g.setIssuer(name);
            g.setSubject(name);
            g.setStartDate(new Time(new Date(now - 3_600_000L)));
            g.setEndDate(new Time(new Date(now + 30L * 24 * 3_600_000L)));
            g.setSignature(sigAlg);
            g.setSubjectPublicKeyInfo(SubjectPublicKeyInfo.getInstance(kp.getPublic().getEncoded()));
            ExtensionsGenerator ext = new ExtensionsGenerator();
            ext.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost")}));
            g.setExtensions(ext.generate());
            TBSCertificate tbs = g.generateTBSCertificate();
            Signature s = Signature.getInstance("SHA256withECDSA");
            s.initSign(kp.getPrivate());
            s.update(tbs.getEncoded(ASN1Encoding.DER));
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(tbs);
            v.add(sigAlg);
            v.add(new DERBitString(s.sign()));
            byte[] der = new DERSequence(v).getEncoded(ASN1Encoding.DER);
            X509Certificate cert = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            cert.verify(kp.getPublic());
            return new DevCertificate(cert, kp);
        } catch (Exception e) {
            throw new IllegalStateException("certificate generation failed", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Writes certificate and key as a PKCS#12 file (password "dev"), so that a restarted relay presents the same
     * certificate and devices pinning it reconnect ({@link #load}).
     */
    public void save(java.nio.file.Path file) throws java.io.IOException {
        try (java.io.OutputStream out = java.nio.file.Files.newOutputStream(file)) {
            keyStore().store(out, PASSWORD);
        } catch (GeneralSecurityException e) {
            throw new java.io.IOException("cannot store the certificate", e);
        }
    }

    /** Reads a file written by {@link #save}. */
    public static DevCertificate load(java.nio.file.Path file) throws java.io.IOException {
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, PASSWORD);
            X509Certificate cert = (X509Certificate) ks.getCertificate("derp");
            java.security.PrivateKey key = (java.security.PrivateKey) ks.getKey("derp", PASSWORD);
            if (cert == null || key == null) {
                throw new java.io.IOException(file + ": no \"derp\" entry");
            }
            return new DevCertificate(cert, new KeyPair(cert.getPublicKey(), key));
        } catch (GeneralSecurityException e) {
            throw new java.io.IOException(file + ": not a relay certificate", e);
        }
    }

    private KeyStore keyStore() throws GeneralSecurityException, java.io.IOException {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("derp", keyPair.getPrivate(), PASSWORD, new Certificate[] {certificate});
        return ks;
    }

    /** {@code sha256-raw:<64 hex>} of the DER certificate (tailscale-protocol.md §3.1). */
    public String pin() {
        return pinOf(certificate);
    }

    public static String pinOf(Certificate c) {
        try {
            return "sha256-raw:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Server-side TLS context presenting this certificate. */
    public SSLContext serverContext() {
        try {
            KeyStore ks = keyStore();
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, PASSWORD);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), null, null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Client-side TLS context that trusts exactly this certificate (the "verify" mode). */
    public SSLContext clientContext() {
        try {
            KeyStore ts = KeyStore.getInstance("PKCS12");
            ts.load(null, null);
            ts.setCertificateEntry("derp", certificate);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ts);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, tmf.getTrustManagers(), null);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
