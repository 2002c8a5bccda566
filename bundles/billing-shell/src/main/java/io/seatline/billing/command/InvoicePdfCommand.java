package io.seatline.billing.command;

import io.seatline.billing.Invoice;
import io.seatline.billing.InvoiceService;
import io.seatline.shell.OperatorAction;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

@Command(scope = "seatline", name = "invoice-pdf", description = "Writes an invoice or credit note as PDF")
@Service
public class InvoicePdfCommand extends OperatorAction {
    @Reference
    private InvoiceService billing;

    @Argument(index = 0, name = "id", required = true, description = "Invoice id")
    private String id;
    @Option(name = "-o", aliases = "--output", description = "File or folder to write (default: <karaf.data>/invoices/<number>.pdf)")
    private String output;

    @Override
    protected Object run() throws Exception {
        Invoice i = billing.invoice(id);
        byte[] pdf = billing.pdf(id);
        String name = i.pdfName();
        Path out = output == null ? Paths.get(System.getProperty("karaf.data", "data"), "invoices", name) : Paths.get(output);
        if (Files.isDirectory(out)) {
            out = out.resolve(name);
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.write(out, pdf);
        System.out.println(out.toAbsolutePath() + " (" + pdf.length + " bytes)");
        return null;
    }
}
