package dev.uptake.launcher.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;

/**
 * Entry point of the broker JVM: formats the storage once, starts {@code kafka.Kafka}, prints a ready marker when the
 * broker answers, and exits when the parent process is gone. Arguments: parent pid, server.properties, cluster id.
 */
public final class KafkaServerMain {

    private KafkaServerMain() {
    }

    public static void main(String[] args) throws Exception {
        ParentWatch.exitWhenGone(Long.parseLong(args[0]));
        String config = args[1];
        Properties props = new Properties();
        try (var reader = Files.newBufferedReader(Path.of(config))) {
            props.load(reader);
        }
        if (!Files.exists(Path.of(props.getProperty("log.dirs"), "meta.properties"))) {
            // StorageTool.main would call System.exit; execute returns its status instead.
            int status = kafka.tools.StorageTool.execute(new String[] { "format", "-t", args[2], "-c", config,
                    "--ignore-formatted" }, System.out);
            if (status != 0) {
                System.err.println("kafka storage format failed with " + status);
                System.exit(status);
            }
        }
        Thread broker = new Thread(() -> kafka.Kafka.main(new String[] { config }), "kafka-main");
        broker.start();
        awaitBroker(props);
        System.out.println(KafkaBroker.READY_MARKER);
        System.out.flush();
        broker.join();
    }

    private static void awaitBroker(Properties props) throws InterruptedException {
        String bootstrap = props.getProperty("advertised.listeners").replace("PLAINTEXT://", "");
        while (true) {
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000))) {
                admin.describeCluster().nodes().get(3, TimeUnit.SECONDS);
                return;
            } catch (Exception notYet) {
                Thread.sleep(200);
            }
        }
    }
}
