package io.seatline.persistence;

import javax.persistence.Entity;
import javax.persistence.Id;
import javax.persistence.Table;
import org.hibernate.annotations.Filter;
import org.hibernate.annotations.FilterDef;
import org.hibernate.annotations.ParamDef;

/** A minimal tenant-owned entity for the scoping tests. */
@Entity
@Table(name = "note")
@FilterDef(name = TenantOwned.FILTER, parameters = @ParamDef(name = TenantOwned.PARAM, type = "string"))
@Filter(name = TenantOwned.FILTER, condition = TenantOwned.CONDITION)
public class Note extends TenantOwned {
    @Id
    public String id;
    public String text;

    public Note() {}

    public Note(String id, String text) {
        this.id = id;
        this.text = text;
    }
}
